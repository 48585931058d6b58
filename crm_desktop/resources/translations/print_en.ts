<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en">
<context>
    <name>PrintJob</name>
    <message numerus="yes">
        <location filename="../../ui/print_preview.py" line="232" />
        <source>Printing %n customer(s)…</source>
        <translation><numerusform>Printing %n customer…</numerusform><numerusform>Printing %n customers…</numerusform></translation>
    </message>
</context>
<context>
    <name>PrintPreviewDialog</name>
    <message numerus="yes">
        <location filename="../../ui/print_preview.py" line="60" />
        <source>%n page(s)</source>
        <translation><numerusform>%n page</numerusform><numerusform>%n pages</numerusform></translation>
    </message>
</context>
</TS>