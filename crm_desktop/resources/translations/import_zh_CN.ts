<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ChoiceDelegate</name>
    <message>
        <location filename="../../ui/import_page.py" line="354"/>
        <source>(kept in the remarks)</source>
        <translation>（写入备注）</translation>
    </message>
</context>
<context>
    <name>FieldDelegate</name>
    <message>
        <location filename="../../ui/import_page.py" line="212"/>
        <source>(kept in the remarks)</source>
        <translation>（写入备注）</translation>
    </message>
</context>
<context>
    <name>HistoryModel</name>
    <message>
        <location filename="../../ui/import_page.py" line="460"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="461"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="462"/>
        <source>By</source>
        <translation>导入人</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="463"/>
        <source>Created</source>
        <translation>新建</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="464"/>
        <source>Updated</source>
        <translation>更新</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="465"/>
        <source>Skipped</source>
        <translation>跳过</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="466"/>
        <source>Rejected</source>
        <translation>未导入</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="467"/>
        <source>Undone</source>
        <translation>已撤销</translation>
    </message>
</context>
<context>
    <name>ImportPage</name>
    <message>
        <location filename="../../ui/import_page.py" line="64"/>
        <source>Spreadsheets (*.xlsx *.xlsm *.xls *.et *.ods *.csv *.txt);;All files (*)</source>
        <translation>电子表格 (*.xlsx *.xlsm *.xls *.et *.ods *.csv *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="585"/>
        <source>1. File</source>
        <translation>1. 文件</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="587"/>
        <source>Choose file…</source>
        <translation>选择文件…</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="589"/>
        <source>No file chosen: .xlsx, .xlsm, .xls, .ods or .csv</source>
        <translation>尚未选择文件：.xlsx、.xlsm、.xls、.ods 或 .csv</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="594"/>
        <source>Save blank template…</source>
        <translation>保存空白模板…</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="598"/>
        <source>Sheet:</source>
        <translation>工作表：</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="604"/>
        <source>2. Columns</source>
        <translation>2. 列对应</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="616"/>
        <source>Keep columns without a field in the remarks</source>
        <translation>没有对应字段的列写入备注</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="619"/>
        <source>Values to map (each once; remembered):</source>
        <translation>需要对照的取值（每个只需选一次，会记住）：</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/import_page.py" line="635"/>
        <source>3. Preview (first %n rows)</source>
        <translation>
            <numerusform>3. 预览（前 %n 行）</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="655"/>
        <source>4. Import</source>
        <translation>4. 导入</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="657"/>
        <source>Customers already in the list:</source>
        <translation>已存在的客户：</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="659"/>
        <source>Skip them</source>
        <translation>跳过</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="660"/>
        <source>Update their cards</source>
        <translation>更新其资料卡</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="661"/>
        <source>Import as new customers</source>
        <translation>作为新客户导入</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="663"/>
        <source>Import nothing if any row is wrong</source>
        <translation>有任何错误行则全部不导入</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="666"/>
        <location filename="../../ui/import_page.py" line="824"/>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="675"/>
        <source>Save rejected rows…</source>
        <translation>保存未导入的行…</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="682"/>
        <source>Import history</source>
        <translation>导入记录</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="692"/>
        <source>Undo this import</source>
        <translation>撤销此次导入</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="715"/>
        <source>Choose a customer list</source>
        <translation>选择客户名单</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="841"/>
        <source>, </source>
        <comment>between the counts of a sentence</comment>
        <translation>，</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/import_page.py" line="803"/>
        <source>%n row(s) with errors</source>
        <translation>
            <numerusform>%n 行有错误</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/import_page.py" line="804"/>
        <source>%n duplicate(s)</source>
        <translation>
            <numerusform>%n 行重复</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/import_page.py" line="805"/>
        <source>%n value(s) kept in the remarks</source>
        <translation>
            <numerusform>%n 个值写入备注</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/import_page.py" line="806"/>
        <source> in the first %n rows.</source>
        <translation>
            <numerusform>（前 %n 行中）。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/import_page.py" line="808"/>
        <source> The sheet has about %n rows.</source>
        <translation>
            <numerusform>工作表约有 %n 行。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="810"/>
        <source>Choose the column that holds the customer name. </source>
        <translation>请选择存放客户名称的列。</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="823"/>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="823"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="846"/>
        <source>Importing row %1 of %2…</source>
        <translation>正在导入第 %1 行，共 %2 行…</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="851"/>
        <source>Created %1, updated %2, skipped %3, rejected %4.</source>
        <translation>新建 %1，更新 %2，跳过 %3，未导入 %4。</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="855"/>
        <source>Nothing was imported: some rows are wrong.</source>
        <translation>未导入任何数据：有些行有错误。</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="872"/>
        <source>Import cancelled; nothing was written.</source>
        <translation>已取消导入，未写入任何数据。</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="890"/>
        <source>Save rejected rows</source>
        <translation>保存未导入的行</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="890"/>
        <location filename="../../ui/import_page.py" line="911"/>
        <source>Excel (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="903"/>
        <location filename="../../ui/import_page.py" line="922"/>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="910"/>
        <source>Save blank template</source>
        <translation>保存空白模板</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="910"/>
        <source>customer-import-template.xlsx</source>
        <translation>客户导入模板.xlsx</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="944"/>
        <source>Undo import</source>
        <translation>撤销导入</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="945"/>
        <source>Undo the import of %1? Its %2 new customer(s) will be deleted and the fields it changed restored.</source>
        <translation>撤销 %1 的导入？其新建的 %2 个客户将被删除，被修改的字段将恢复原值。</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="958"/>
        <source>Import undone: %1.</source>
        <translation>已撤销导入：%1。</translation>
    </message>
</context>
<context>
    <name>MappingModel</name>
    <message>
        <location filename="../../ui/import_page.py" line="110"/>
        <source>Column in the file</source>
        <translation>文件中的列</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="111"/>
        <source>Imported as</source>
        <translation>导入为</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="112"/>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="113"/>
        <source>First value</source>
        <translation>首个值</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="164"/>
        <source>(kept in the remarks)</source>
        <translation>（写入备注）</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="165"/>
        <source>(not imported)</source>
        <translation>（不导入）</translation>
    </message>
</context>
<context>
    <name>PreviewModel</name>
    <message>
        <location filename="../../ui/import_page.py" line="406"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="408"/>
        <source>Row</source>
        <translation>行号</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="416"/>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="418"/>
        <source>Duplicate</source>
        <translation>重复</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="419"/>
        <source>New</source>
        <translation>新客户</translation>
    </message>
</context>
<context>
    <name>ValueMapModel</name>
    <message>
        <location filename="../../ui/import_page.py" line="246"/>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="247"/>
        <source>Value in the file</source>
        <translation>文件中的值</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="248"/>
        <source>Rows</source>
        <translation>行数</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="249"/>
        <source>Import as</source>
        <translation>导入为</translation>
    </message>
    <message>
        <location filename="../../ui/import_page.py" line="319"/>
        <source>(kept in the remarks)</source>
        <translation>（写入备注）</translation>
    </message>
</context>
</TS>
