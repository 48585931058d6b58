"""Custom fields (自定义字段): the facts a team keeps that the paper form has no box for.

A manager defines a field for customers or contacts (label in Chinese and English,
kind, choices, group, order); its values are validated by the built-in fields' parsers,
written with the card's version check and into the ChangeLog as ``custom.<key>``, and
their text goes into the search document. The modules:

- `kinds`: what a field is (`FieldDef`, `Choice`), its groups and how a value reads;
- `definitions`: defining, renaming, reordering, hiding, retiring, deleting fields;
- `cleaning`: a value cleaned and validated by its field's kind;
- `values`: values stored, read and changed on a card or a contact;
- `listing`: the customer list's filter and sort by a field;
- `guess`: the kind of a new field guessed from an import column;
- `printing`: the values the profile card prints, by group.
"""
