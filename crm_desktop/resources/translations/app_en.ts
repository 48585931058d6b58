<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>CustomersPage</name>
    <message numerus="yes">
        <location filename="../../ui/customers_page.py" line="299" />
        <source>%Ln deleted customer(s)</source>
        <translation>
            <numerusform>%Ln deleted customer</numerusform><numerusform>%Ln deleted customers</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/customers_page.py" line="301" />
        <source>%Ln customer(s)</source>
        <translation>
            <numerusform>%Ln customer</numerusform><numerusform>%Ln customers</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/customers_page.py" line="495" />
        <source>Delete %n customer(s)?</source>
        <translation>
            <numerusform>Delete %n customer?</numerusform><numerusform>Delete %n customers?</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/customers_page.py" line="515" />
        <source>Deleted %n customer(s).</source>
        <translation>
            <numerusform>Deleted %n customer.</numerusform><numerusform>Deleted %n customers.</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/customers_page.py" line="528" />
        <location filename="../../ui/customers_page.py" line="537" />
        <source>Restored %n customer(s).</source>
        <translation>
            <numerusform>Restored %n customer.</numerusform><numerusform>Restored %n customers.</numerusform></translation>
    </message>
</context>
</TS>