<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>CustomerTableModel</name>
    <message>
        <location filename="../../ui/customer_table_model.py" line="49" />
        <source>Last changed</source>
        <translation>最后修改</translation>
    </message>
    <message>
        <location filename="../../ui/customer_table_model.py" line="193" />
        <source>This column cannot be sorted</source>
        <translation>此列不能排序</translation>
    </message>
</context>
<context>
    <name>CustomersPage</name>
    <message>
        <location filename="../../ui/customers_page.py" line="87" />
        <source>Search name, code, phone, contact, email, WeChat or pinyin initials (Ctrl+F)</source>
        <translation>搜索名称、代号、电话、联络人、邮箱、微信或拼音首字母（Ctrl+F）</translation>
    </message>
    <message>
        <location filename="../../ui/customers_page.py" line="97" />
        <source>All stages</source>
        <translation>全部阶段</translation>
    </message>
    <message>
        <location filename="../../ui/customers_page.py" line="98" />
        <source>All classes</source>
        <translation>全部分类</translation>
    </message>
    <message>
        <location filename="../../ui/customers_page.py" line="100" />
        <source>All credit ratings</source>
        <translation>全部信用等级</translation>
    </message>
    <message>
        <location filename="../../ui/customers_page.py" line="104" />
        <source>All owners</source>
        <translation>全部业务员</translation>
    </message>
    <message>
        <location filename="../../ui/customers_page.py" line="112" />
        <source>Active customers</source>
        <translation>在用客户</translation>
    </message>
    <message>
        <location filename="../../ui/customers_page.py" line="113" />
        <source>Deleted</source>
        <translation>已删除</translation>
    </message>
    <message>
        <location filename="../../ui/customers_page.py" line="116" />
        <source>New customer</source>
        <translation>新建客户</translation>
    </message>
    <message>
        <location filename="../../ui/customers_page.py" line="117" />
        <source>Add a customer card (Ctrl+N)</source>
        <translation>新建客户资料卡（Ctrl+N）</translation>
    </message>
    <message>
        <location filename="../../ui/customers_page.py" line="119" />
        <location filename="../../ui/customers_page.py" line="400" />
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../../ui/customers_page.py" line="121" />
        <location filename="../../ui/customers_page.py" line="183" />
        <location filename="../../ui/customers_page.py" line="276" />
        <location filename="../../ui/customers_page.py" line="403" />
        <location filename="../../ui/customers_page.py" line="498" />
        <location filename="../../ui/customers_page.py" line="511" />
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../ui/customers_page.py" line="123" />
        <location filename="../../ui/customers_page.py" line="276" />
        <location filename="../../ui/customers_page.py" line="398" />
        <location filename="../../ui/customers_page.py" line="547" />
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <location filename="../../ui/customers_page.py" line="126" />
        <location filename="../../ui/customers_page.py" line="401" />
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <location filename="../../ui/customers_page.py" line="127" />
        <source>Print the basic-information form of the selection</source>
        <translation>打印所选客户的客户基本资料表</translation>
    </message>
    <message>
        <location filename="../../ui/customers_page.py" line="129" />
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../ui/customers_page.py" line="130" />
        <source>Export the listed customers and columns to Excel</source>
        <translation>将列表中的客户和列导出到 Excel</translation>
    </message>
    <message>
        <location filename="../../ui/customers_page.py" line="174" />
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../../ui/customers_page.py" line="280" />
        <source>This column cannot be sorted.</source>
        <translation>此列不能排序。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/customers_page.py" line="299" />
        <source>%Ln deleted customer(s)</source>
        <translation><numerusform>%Ln 个已删除客户</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/customers_page.py" line="301" />
        <source>%Ln customer(s)</source>
        <translation><numerusform>%Ln 个客户</numerusform></translation>
    </message>
    <message>
        <location filename="../../ui/customers_page.py" line="316" />
        <source>Reset columns</source>
        <translation>恢复默认列</translation>
    </message>
    <message>
        <location filename="../../ui/customers_page.py" line="445" />
        <location filename="../../ui/customers_page.py" line="452" />
        <source>Customer card</source>
        <translation>客户资料卡</translation>
    </message>
    <message>
        <location filename="../../ui/customers_page.py" line="493" />
        <source>Delete customer %1?</source>
        <translation>删除客户 %1？</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/customers_page.py" line="495" />
        <source>Delete %n customer(s)?</source>
        <translation><numerusform>删除 %n 个客户？</numerusform></translation>
    </message>
    <message>
        <location filename="../../ui/customers_page.py" line="499" />
        <source>Deleted cards can be restored from the Deleted view.</source>
        <translation>删除的资料卡可在“已删除”视图中恢复。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/customers_page.py" line="515" />
        <source>Deleted %n customer(s).</source>
        <translation><numerusform>已删除 %n 个客户。</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/customers_page.py" line="528" />
        <location filename="../../ui/customers_page.py" line="537" />
        <source>Restored %n customer(s).</source>
        <translation><numerusform>已恢复 %n 个客户。</numerusform></translation>
    </message>
    <message>
        <location filename="../../ui/customers_page.py" line="556" />
        <source>Select the customers to print first.</source>
        <translation>请先选择要打印的客户。</translation>
    </message>
    <message>
        <location filename="../../ui/customers_page.py" line="561" />
        <location filename="../../ui/customers_page.py" line="567" />
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <location filename="../../ui/customers_page.py" line="576" />
        <location filename="../../ui/customers_page.py" line="602" />
        <location filename="../../ui/customers_page.py" line="615" />
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../../ui/customers_page.py" line="581" />
        <source>Export customers</source>
        <translation>导出客户</translation>
    </message>
    <message>
        <location filename="../../ui/customers_page.py" line="582" />
        <source>customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/customers_page.py" line="583" />
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../ui/customers_page.py" line="597" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../ui/login_dialog.py" line="26" />
        <source>Log in to crm-desktop</source>
        <translation>登录 crm-desktop</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="42" />
        <source>User name:</source>
        <translation>用户名：</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="43" />
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="47" />
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="48" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="53" />
        <source>Database: %1</source>
        <translation>数据库：%1</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="67" />
        <source>Wrong user name or password.</source>
        <translation>用户名或密码错误。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="140" />
        <source>&amp;Plan follow-up…</source>
        <translation>安排跟进(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="143" />
        <source>&amp;Import customers…</source>
        <translation>导入客户(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="229" />
        <source>Toolbar</source>
        <translation>工具栏</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="52" />
        <source>crm-desktop</source>
        <translation>crm-desktop 客户管理</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="105" />
        <source>&amp;New customer</source>
        <translation>新建客户(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="108" />
        <source>&amp;Print…</source>
        <translation>打印(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="111" />
        <source>&amp;Export to Excel…</source>
        <translation>导出到 Excel(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="115" />
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="118" />
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="121" />
        <source>&amp;Find customer</source>
        <translation>查找客户(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="127" />
        <source>&amp;Undo delete</source>
        <translation>撤销删除(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="130" />
        <source>&amp;Delete customer…</source>
        <translation>删除客户(&amp;D)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="133" />
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="139" />
        <source>Show &amp;side bar</source>
        <translation>显示侧栏(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="144" />
        <source>&amp;About crm-desktop</source>
        <translation>关于 crm-desktop(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="147" />
        <source>About &amp;Qt</source>
        <translation>关于 &amp;Qt</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="161" />
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="171" />
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="177" />
        <source>&amp;View</source>
        <translation>查看(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="184" />
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="193" />
        <source>Database: %1</source>
        <translation>数据库：%1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="196" />
        <source>User: %1</source>
        <translation>用户：%1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="198" />
        <source>Role: %1</source>
        <translation>角色：%1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="205" />
        <source>General manager</source>
        <translation>总经理</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="206" />
        <source>Sales manager</source>
        <translation>销售经理</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="207" />
        <source>Salesperson</source>
        <translation>业务员</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="230" />
        <source>This page could not be opened: %1</source>
        <translation>无法打开此页面：%1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="318" />
        <source>Nothing to undo.</source>
        <translation>没有可撤销的操作。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="341" />
        <source>About crm-desktop</source>
        <translation>关于 crm-desktop</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="345" />
        <source>An offline CRM for small sales teams: customer cards, follow-ups, credit approvals, printed forms and Excel in and out.</source>
        <translation>面向小型销售团队的离线客户管理软件：客户资料卡、跟进、信用审批、打印表单以及 Excel 导入导出。</translation>
    </message>
</context>
<context>
    <name>OpenErrorDialog</name>
    <message>
        <location filename="../../ui/open_error_dialog.py" line="42" />
        <source>The database cannot be opened</source>
        <translation>无法打开数据库</translation>
    </message>
    <message>
        <location filename="../../ui/open_error_dialog.py" line="48" />
        <source>crm-desktop cannot open this database.</source>
        <translation>crm-desktop 无法打开这个数据库。</translation>
    </message>
    <message>
        <location filename="../../ui/open_error_dialog.py" line="55" />
        <source>Nothing was changed in the file. You can open another database file, or restore a backup copy.</source>
        <translation>文件没有被改动。您可以打开另一个数据库文件，或者恢复一个备份。</translation>
    </message>
    <message>
        <location filename="../../ui/open_error_dialog.py" line="60" />
        <source>Choose another file…</source>
        <translation>选择其他文件…</translation>
    </message>
    <message>
        <location filename="../../ui/open_error_dialog.py" line="62" />
        <source>Restore a backup…</source>
        <translation>恢复备份…</translation>
    </message>
    <message>
        <location filename="../../ui/open_error_dialog.py" line="66" />
        <source>Backups are not available in this version.</source>
        <translation>此版本暂不支持备份。</translation>
    </message>
    <message>
        <location filename="../../ui/open_error_dialog.py" line="67" />
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../ui/open_error_dialog.py" line="72" />
        <source>Database: %1</source>
        <translation>数据库：%1</translation>
    </message>
    <message>
        <location filename="../../ui/open_error_dialog.py" line="102" />
        <source>Open a crm-desktop database</source>
        <translation>打开 crm-desktop 数据库</translation>
    </message>
    <message>
        <location filename="../../ui/open_error_dialog.py" line="104" />
        <source>crm-desktop database (*.db *.sqlite *.sqlite3);;All files (*)</source>
        <translation>crm-desktop 数据库 (*.db *.sqlite *.sqlite3);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../ui/open_error_dialog.py" line="114" />
        <source>Choose a backup to restore</source>
        <translation>选择要恢复的备份</translation>
    </message>
</context>
<context>
    <name>PlaceholderPage</name>
    <message>
        <location filename="../../ui/pages.py" line="36" />
        <source>This part of crm-desktop is coming in a later version.</source>
        <translation>这部分功能将在后续版本中提供。</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../ui/settings_dialog.py" line="40" />
        <location filename="../../ui/settings_dialog.py" line="131" />
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="50" />
        <source>A new language applies at once: the window is rebuilt.</source>
        <translation>新语言立即生效：窗口会重新建立。</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="56" />
        <source>Automatic (WenQuanYi Micro Hei when installed)</source>
        <translation>自动（已安装时使用文泉驿微米黑）</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="57" />
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="63" />
        <source>This computer</source>
        <translation>本机</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="65" />
        <source>Language:</source>
        <translation>语言：</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="67" />
        <source>PDF font file:</source>
        <translation>PDF 字体文件：</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="79" />
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="82" />
        <source>Class %1</source>
        <translation>%1 类</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="85" />
        <source>The team (stored in the database)</source>
        <translation>团队（保存在数据库中）</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="87" />
        <source>Company name:</source>
        <translation>公司名称：</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="88" />
        <source>Follow up every:</source>
        <translation>跟进周期：</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="92" />
        <source>Only the general manager changes team settings.</source>
        <translation>只有总经理可以修改团队设置。</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="97" />
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="98" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="109" />
        <source>Choose a font file</source>
        <translation>选择字体文件</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="109" />
        <source>Fonts (*.ttf *.ttc *.otf *.otc)</source>
        <translation>字体 (*.ttf *.ttc *.otf *.otc)</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <location filename="../../app.py" line="120" />
        <source>Restore a backup</source>
        <translation>恢复备份</translation>
    </message>
    <message>
        <location filename="../../app.py" line="164" />
        <location filename="../../app.py" line="176" />
        <source>Already open</source>
        <translation>已经打开</translation>
    </message>
</context>
<context>
    <name>pages</name>
    <message>
        <location filename="../../ui/pages.py" line="76" />
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="79" />
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="82" />
        <source>Follow-ups</source>
        <translation>跟进</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="87" />
        <source>Credit</source>
        <translation>信用</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="92" />
        <source>Sales</source>
        <translation>销售</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="97" />
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="102" />
        <source>Import</source>
        <translation>导入</translation>
    </message>
</context>
</TS>