<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
    <context>
        <name>ComplaintDialog</name>
        <message>
            <location filename="../../ui/complaint_dialog.py" line="122" />
            <source>Complaint</source>
            <translation>投诉登记</translation>
        </message>
        <message>
            <location filename="../../ui/complaint_dialog.py" line="123" />
            <source>Handling</source>
            <translation>处理</translation>
        </message>
        <message>
            <location filename="../../ui/complaint_dialog.py" line="124" />
            <source>Attachments</source>
            <translation>附件</translation>
        </message>
        <message>
            <location filename="../../ui/complaint_dialog.py" line="125" />
            <source>Timeline</source>
            <translation>处理记录</translation>
        </message>
        <message>
            <location filename="../../ui/complaint_dialog.py" line="130" />
            <source>Save</source>
            <translation>保存</translation>
        </message>
        <message>
            <location filename="../../ui/complaint_dialog.py" line="133" />
            <source>Close</source>
            <translation>关闭</translation>
        </message>
        <message>
            <location filename="../../ui/complaint_dialog.py" line="155" />
            <source>Customer code</source>
            <translation>客户代号</translation>
        </message>
        <message>
            <location filename="../../ui/complaint_dialog.py" line="201" />
            <source>set from the severity when saved</source>
            <translation>保存时按严重程度自动设定</translation>
        </message>
        <message>
            <location filename="../../ui/complaint_dialog.py" line="216" />
            <source>Start handling</source>
            <translation>开始处理</translation>
        </message>
        <message>
            <location filename="../../ui/complaint_dialog.py" line="220" />
            <source>Resolution</source>
            <translation>处理结果</translation>
        </message>
        <message>
            <location filename="../../ui/complaint_dialog.py" line="224" />
            <source>What was done</source>
            <translation>处理措施</translation>
        </message>
        <message>
            <location filename="../../ui/complaint_dialog.py" line="227" />
            <source>None</source>
            <translation>无</translation>
        </message>
        <message>
            <location filename="../../ui/complaint_dialog.py" line="231" />
            <source>amount in yuan</source>
            <translation>金额（元）</translation>
        </message>
        <message>
            <location filename="../../ui/complaint_dialog.py" line="237" />
            <source>Compensation</source>
            <translation>补偿</translation>
        </message>
        <message>
            <location filename="../../ui/complaint_dialog.py" line="238" />
            <source>Plan a follow-up visit on</source>
            <translation>安排回访，时间</translation>
        </message>
        <message>
            <location filename="../../ui/complaint_dialog.py" line="251" />
            <source>Mark as resolved</source>
            <translation>登记为已解决</translation>
        </message>
        <message>
            <location filename="../../ui/complaint_dialog.py" line="256" />
            <source>The customer's confirmation</source>
            <translation>客户确认</translation>
        </message>
        <message>
            <location filename="../../ui/complaint_dialog.py" line="258" />
            <source>Satisfaction (1 = very unhappy, 5 = very satisfied)</source>
            <translation>满意度（1 = 很不满意，5 = 非常满意）</translation>
        </message>
        <message>
            <location filename="../../ui/complaint_dialog.py" line="263" />
            <source>Customer confirmed</source>
            <translation>客户已确认</translation>
        </message>
        <message>
            <location filename="../../ui/complaint_dialog.py" line="269" />
            <source>Close without confirmation</source>
            <translation>不经客户确认关闭</translation>
        </message>
        <message>
            <location filename="../../ui/complaint_dialog.py" line="272" />
            <source>Why, e.g. the customer withdrew it</source>
            <translation>关闭原因，如：客户撤回投诉</translation>
        </message>
        <message>
            <location filename="../../ui/complaint_dialog.py" line="274" />
            <source>Close complaint</source>
            <translation>关闭投诉</translation>
        </message>
        <message>
            <location filename="../../ui/complaint_dialog.py" line="286" />
            <source>Files are copied into the database's attachments folder (at most 20 MB each) and opened with the system viewer.</source>
            <translation>文件会复制到数据库的附件文件夹（每个不超过 20 MB），用系统默认程序打开。</translation>
        </message>
        <message>
            <location filename="../../ui/complaint_dialog.py" line="297" />
            <source>Add file…</source>
            <translation>添加文件…</translation>
        </message>
        <message>
            <location filename="../../ui/complaint_dialog.py" line="299" />
            <source>Open</source>
            <translation>打开</translation>
        </message>
        <message>
            <location filename="../../ui/complaint_dialog.py" line="301" />
            <source>Remove</source>
            <translation>删除</translation>
        </message>
        <message>
            <location filename="../../ui/complaint_dialog.py" line="313" />
            <source>When</source>
            <translation>时间</translation>
        </message>
        <message>
            <location filename="../../ui/complaint_dialog.py" line="313" />
            <source>Who</source>
            <translation>操作人</translation>
        </message>
        <message>
            <location filename="../../ui/complaint_dialog.py" line="313" />
            <source>What</source>
            <translation>内容</translation>
        </message>
        <message>
            <location filename="../../ui/complaint_dialog.py" line="364" />
            <location filename="../../ui/complaint_dialog.py" line="368" />
            <source>New complaint</source>
            <translation>新投诉</translation>
        </message>
        <message>
            <location filename="../../ui/complaint_dialog.py" line="366" />
            <source>Record what the customer said; the due time follows the severity.</source>
            <translation>记录客户反映的问题；处理期限按严重程度确定。</translation>
        </message>
        <message>
            <location filename="../../ui/complaint_dialog.py" line="375" />
            <source>Complaint %1</source>
            <translation>第 %1 号投诉</translation>
        </message>
        <message>
            <location filename="../../ui/complaint_dialog.py" line="621" />
            <source>Attach a file</source>
            <translation>添加附件</translation>
        </message>
    </context>
    <context>
        <name>ComplaintSettingsDialog</name>
        <message>
            <location filename="../../ui/complaint_settings_dialog.py" line="29" />
            <source>Complaint settings</source>
            <translation>投诉设置</translation>
        </message>
        <message>
            <location filename="../../ui/complaint_settings_dialog.py" line="37" />
            <source> hours</source>
            <translation> 小时</translation>
        </message>
        <message>
            <location filename="../../ui/complaint_settings_dialog.py" line="41" />
            <source>Time allowed to resolve a complaint</source>
            <translation>处理时限</translation>
        </message>
        <message>
            <location filename="../../ui/complaint_settings_dialog.py" line="43" />
            <source>Your own categories, one a line</source>
            <translation>自定义投诉类别（每行一个）</translation>
        </message>
    </context>
    <context>
        <name>ComplaintTableModel</name>
        <message>
            <location filename="../../ui/complaint_table_model.py" line="145" />
            <source>Customer</source>
            <translation>客户</translation>
        </message>
    </context>
    <context>
        <name>ComplaintsPage</name>
        <message>
            <location filename="../../ui/complaints_page.py" line="57" />
            <source>Open, by due time</source>
            <translation>未解决（按期限）</translation>
        </message>
        <message>
            <location filename="../../ui/complaints_page.py" line="58" />
            <source>Overdue</source>
            <translation>已逾期</translation>
        </message>
        <message>
            <location filename="../../ui/complaints_page.py" line="59" />
            <source>All</source>
            <translation>全部</translation>
        </message>
        <message>
            <location filename="../../ui/complaints_page.py" line="63" />
            <location filename="../../ui/complaints_page.py" line="211" />
            <source>Every category</source>
            <translation>全部类别</translation>
        </message>
        <message>
            <location filename="../../ui/complaints_page.py" line="67" />
            <source>Every severity</source>
            <translation>全部严重程度</translation>
        </message>
        <message>
            <location filename="../../ui/complaints_page.py" line="71" />
            <source>Everyone</source>
            <translation>全部处理人</translation>
        </message>
        <message>
            <location filename="../../ui/complaints_page.py" line="75" />
            <source>Every product</source>
            <translation>全部产品</translation>
        </message>
        <message>
            <location filename="../../ui/complaints_page.py" line="79" />
            <source>Search subject, customer name or code</source>
            <translation>搜索主题、客户名称或代号</translation>
        </message>
        <message>
            <location filename="../../ui/complaints_page.py" line="95" />
            <source>New complaint…</source>
            <translation>新投诉…</translation>
        </message>
        <message>
            <location filename="../../ui/complaints_page.py" line="97" />
            <source>Export to Excel…</source>
            <translation>导出到 Excel…</translation>
        </message>
        <message>
            <location filename="../../ui/complaints_page.py" line="101" />
            <source>Settings…</source>
            <translation>设置…</translation>
        </message>
        <message>
            <location filename="../../ui/complaints_page.py" line="222" />
            <source>Export complaints</source>
            <translation>导出投诉</translation>
        </message>
        <message>
            <location filename="../../ui/complaints_page.py" line="222" />
            <source>complaints.xlsx</source>
            <translation>客户投诉.xlsx</translation>
        </message>
    </context>
    <context>
        <name>ComplaintsTab</name>
        <message>
            <location filename="../../ui/complaints_tab.py" line="36" />
            <source>Complaints</source>
            <translation>客户投诉</translation>
        </message>
        <message>
            <location filename="../../ui/complaints_tab.py" line="84" />
            <source>New complaint…</source>
            <translation>新投诉…</translation>
        </message>
        <message>
            <location filename="../../ui/complaints_tab.py" line="86" />
            <source>Open</source>
            <translation>打开</translation>
        </message>
        <message numerus="yes">
            <location filename="../../ui/complaints_tab.py" line="111" />
            <source>%n complaint(s)</source>
            <translation>
                <numerusform>%n 项投诉</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>pages</name>
        <message>
            <source>Complaints</source>
            <translation>客户投诉</translation>
        </message>
    </context>
</TS>