<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>FieldDelegate</name>
    <message>
        <location filename="../../ui/import_page.py" line="197" />
        <source>(not imported)</source>
        <translation>（不导入）</translation>
    </message>
</context>
<context>
    <name>HistoryModel</name>
    <message>
        <location filename="../../ui/import_page.py" line="296" />
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="297" />
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="298" />
        <source>By</source>
        <translation>导入人</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="299" />
        <source>Created</source>
        <translation>新建</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="300" />
        <source>Updated</source>
        <translation>更新</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="301" />
        <source>Skipped</source>
        <translation>跳过</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="302" />
        <source>Rejected</source>
        <translation>未导入</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="303" />
        <source>Undone</source>
        <translation>已撤销</translation>
    </message>
</context>
<context>
    <name>ImportPage</name>
    <message>
        <location filename="../../ui/import_page.py" line="54" />
        <source>Spreadsheets (*.xlsx *.xlsm *.xls *.ods *.csv *.txt);;All files (*)</source>
        <translation>电子表格 (*.xlsx *.xlsm *.xls *.ods *.csv *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="421" />
        <source>1. File</source>
        <translation>1. 文件</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="423" />
        <source>Choose file…</source>
        <translation>选择文件…</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="425" />
        <source>No file chosen: .xlsx, .xlsm, .xls, .ods or .csv</source>
        <translation>尚未选择文件：.xlsx、.xlsm、.xls、.ods 或 .csv</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="430" />
        <source>Save blank template…</source>
        <translation>保存空白模板…</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="434" />
        <source>Sheet:</source>
        <translation>工作表：</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="440" />
        <source>2. Columns</source>
        <translation>2. 列对应</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/import_page.py" line="456" />
        <source>3. Preview (first %n rows)</source>
        <translation>
            <numerusform>3. 预览（前 %n 行）</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="476" />
        <source>4. Import</source>
        <translation>4. 导入</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="478" />
        <source>Customers already in the list:</source>
        <translation>已存在的客户：</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="480" />
        <source>Skip them</source>
        <translation>跳过</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="481" />
        <source>Update their cards</source>
        <translation>更新其资料卡</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="482" />
        <source>Import as new customers</source>
        <translation>作为新客户导入</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="484" />
        <source>Import nothing if any row is wrong</source>
        <translation>有任何错误行则全部不导入</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="487" />
        <location filename="../../ui/import_page.py" line="619" />
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="496" />
        <source>Save rejected rows…</source>
        <translation>保存未导入的行…</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="503" />
        <source>Import history</source>
        <translation>导入记录</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="513" />
        <source>Undo this import</source>
        <translation>撤销此次导入</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="536" />
        <source>Choose a customer list</source>
        <translation>选择客户名单</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/import_page.py" line="588" />
        <source>%n column(s) not imported: </source>
        <translation>
            <numerusform>%n 列不导入：</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/import_page.py" line="599" />
        <source>%n row(s) with errors</source>
        <translation>
            <numerusform>%n 行有错误</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/import_page.py" line="600" />
        <source>%n duplicate(s)</source>
        <translation>
            <numerusform>%n 行重复</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/import_page.py" line="601" />
        <source> in the first %n rows.</source>
        <translation>
            <numerusform>（前 %n 行中）。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/import_page.py" line="603" />
        <source>The sheet has about %n rows.</source>
        <translation>
            <numerusform>工作表约有 %n 行。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="605" />
        <source>Choose the column that holds the customer name.</source>
        <translation>请选择存放客户名称的列。</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="618" />
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="618" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="641" />
        <source>Importing row %1 of %2…</source>
        <translation>正在导入第 %1 行，共 %2 行…</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="646" />
        <source>Created %1, updated %2, skipped %3, rejected %4.</source>
        <translation>新建 %1，更新 %2，跳过 %3，未导入 %4。</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="650" />
        <source>Nothing was imported: some rows are wrong.</source>
        <translation>未导入任何数据：有些行有错误。</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="662" />
        <source>Import cancelled; nothing was written.</source>
        <translation>已取消导入，未写入任何数据。</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="679" />
        <source>Save rejected rows</source>
        <translation>保存未导入的行</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="679" />
        <location filename="../../ui/import_page.py" line="700" />
        <source>Excel (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="692" />
        <location filename="../../ui/import_page.py" line="711" />
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="699" />
        <source>Save blank template</source>
        <translation>保存空白模板</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="699" />
        <source>customer-import-template.xlsx</source>
        <translation>客户导入模板.xlsx</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="733" />
        <source>Undo import</source>
        <translation>撤销导入</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="734" />
        <source>Undo the import of %1? Its %2 new customer(s) will be deleted and the fields it changed restored.</source>
        <translation>撤销 %1 的导入？其新建的 %2 个客户将被删除，被修改的字段将恢复原值。</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="747" />
        <source>Import undone: %1.</source>
        <translation>已撤销导入：%1。</translation>
    </message>
</context>
<context>
    <name>MappingModel</name>
    <message>
        <location filename="../../ui/import_page.py" line="100" />
        <source>Column in the file</source>
        <translation>文件中的列</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="101" />
        <source>Imported as</source>
        <translation>导入为</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="102" />
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="103" />
        <source>First value</source>
        <translation>首个值</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="151" />
        <source>(not imported)</source>
        <translation>（不导入）</translation>
    </message>
</context>
<context>
    <name>PreviewModel</name>
    <message>
        <location filename="../../ui/import_page.py" line="247" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="249" />
        <source>Row</source>
        <translation>行号</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="257" />
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="259" />
        <source>Duplicate</source>
        <translation>重复</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="260" />
        <source>New</source>
        <translation>新客户</translation>
    </message>
</context>
</TS>