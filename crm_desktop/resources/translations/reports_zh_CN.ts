<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CustomerFiguresModel</name>
    <message>
        <location filename="../../ui/reports_page.py" line="102"/>
        <source>Rank</source>
        <translation>排名</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="103"/>
        <source>Code</source>
        <translation>客户代号</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="104"/>
        <source>Customer</source>
        <translation>客户名称</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="105"/>
        <source>Salesperson</source>
        <translation>业务员</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="106"/>
        <source>Class</source>
        <translation>分类</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="107"/>
        <source>Sales</source>
        <translation>销售额</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="108"/>
        <source>Share</source>
        <translation>占比</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="109"/>
        <source>Cumulative share</source>
        <translation>累计占比</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="110"/>
        <source>Previous period</source>
        <translation>上期</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="111"/>
        <source>Change</source>
        <translation>增减</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="112"/>
        <source>Last order</source>
        <translation>最近下单日</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="113"/>
        <source>Current class</source>
        <translation>当前分类</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <location filename="../../ui/reports_page.py" line="398"/>
        <source>by salesperson</source>
        <translation>按业务员</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="399"/>
        <source>by product category</source>
        <translation>按产品类别</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="400"/>
        <source>Show figures</source>
        <translation>显示数据</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="401"/>
        <source>Export to Excel…</source>
        <translation>导出到 Excel…</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="402"/>
        <source>Apply ABC classes…</source>
        <translation>应用 ABC 分类…</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="404"/>
        <source>Write the computed classes to the customers (with change history)</source>
        <translation>把计算出的分类写入客户资料（记录变更历史）</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="410"/>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="412"/>
        <source>To</source>
        <translation>到</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="414"/>
        <source>Months</source>
        <translation>按月列</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="422"/>
        <source>Summary</source>
        <translation>概要</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="423"/>
        <source>By customer (ABC)</source>
        <translation>按客户（ABC）</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="424"/>
        <source>By salesperson</source>
        <translation>按业务员</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="425"/>
        <source>By product</source>
        <translation>按产品</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="426"/>
        <source>By month</source>
        <translation>按月</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="427"/>
        <location filename="../../ui/reports_page.py" line="447"/>
        <source>Receivables aging</source>
        <translation>应收账龄</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="428"/>
        <source>Follow-ups</source>
        <translation>跟进</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="431"/>
        <source>Sheets to export</source>
        <translation>导出的工作表</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="440"/>
        <source>Choose a period and press Show figures.</source>
        <translation>选择期间后点击“显示数据”。</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="444"/>
        <source>Sales by month</source>
        <translation>按月销售额</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="445"/>
        <source>Pareto curve</source>
        <translation>帕累托曲线</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="446"/>
        <source>Sales by salesperson</source>
        <translation>按业务员销售额</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="470"/>
        <source>Charts</source>
        <translation>图表</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="471"/>
        <source>Customers (ABC)</source>
        <translation>客户（ABC）</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="472"/>
        <source>Salespeople</source>
        <translation>业务员</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="502"/>
        <location filename="../../ui/reports_page.py" line="508"/>
        <location filename="../../ui/reports_page.py" line="538"/>
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="507"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="544"/>
        <source>Exported the sales report to %1.</source>
        <translation>销售报表已导出到 %1。</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="550"/>
        <source>Computing the figures…</source>
        <translation>正在计算…</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="555"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="555"/>
        <source>Choose at least one sheet.</source>
        <translation>请至少选择一个工作表。</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="560"/>
        <source>Export the sales report</source>
        <translation>导出销售报表</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="560"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="568"/>
        <source>Exporting the sales report…</source>
        <translation>正在导出销售报表…</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="578"/>
        <source>%1: sales %2%3 against %4 in the previous period; %5 of %6 customers bought, %7 new, %8 lost.</source>
        <translation>%1：销售额 %2%3，上期 %4；%6 个客户中 %5 个成交，新客户 %7 个，流失 %8 个。</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="605"/>
        <source>(none)</source>
        <translation>（未指定）</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="610"/>
        <source>Not due</source>
        <translation>未到期</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="611"/>
        <source>0–30</source>
        <translation>0–30 天</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="612"/>
        <source>31–60</source>
        <translation>31–60 天</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="613"/>
        <source>61–90</source>
        <translation>61–90 天</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="614"/>
        <source>90+</source>
        <translation>90 天以上</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="633"/>
        <source>Customers who bought</source>
        <translation>成交客户</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="637"/>
        <source>Share of sales</source>
        <translation>销售额占比</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="647"/>
        <source>%1 of %2 customers will change class (%3):</source>
        <translation>%2 个客户中有 %1 个将更改分类（%3）：</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="543"/>
        <source>%1 → %2: %3</source>
        <translation>%1 → %2：%3 个</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="652"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="668"/>
        <location filename="../../ui/reports_page.py" line="675"/>
        <location filename="../../ui/reports_page.py" line="689"/>
        <source>Apply ABC classes</source>
        <translation>应用 ABC 分类</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="668"/>
        <source>No customer changes class.</source>
        <translation>没有客户需要更改分类。</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="676"/>
        <source>Write these classes to the customers?</source>
        <translation>把这些分类写入客户资料吗？</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="692"/>
        <source>%1 customers changed class.</source>
        <translation>%1 个客户的分类已更改。</translation>
    </message>
</context>
<context>
    <name>SalespeopleModel</name>
    <message>
        <location filename="../../ui/reports_page.py" line="176"/>
        <source>Salesperson</source>
        <translation>业务员</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="177"/>
        <source>Sales</source>
        <translation>销售额</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="178"/>
        <source>Share</source>
        <translation>占比</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="179"/>
        <source>Customers</source>
        <translation>客户数</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="180"/>
        <source>Orders</source>
        <translation>订单数</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="181"/>
        <source>Follow-ups planned</source>
        <translation>计划跟进</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="182"/>
        <source>Follow-ups done</source>
        <translation>已完成跟进</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="219"/>
        <source>(none)</source>
        <translation>（未指定）</translation>
    </message>
</context>
</TS>
