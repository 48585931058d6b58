<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CreditTab</name>
</context>
<context>
    <name>FollowUpsTab</name>
</context>
<context>
    <name>ForecastView</name>
    <message>
        <location filename="../../ui/forecast_view.py" line="238" />
        <source>(nobody)</source>
        <translation>（未分配）</translation>
    </message>
    <message>
        <location filename="../../ui/forecast_view.py" line="184" />
        <source>Avg. days to close</source>
        <translation>平均成交天数</translation>
    </message>
    <message>
        <location filename="../../ui/forecast_view.py" line="182" />
        <source>Lost</source>
        <translation>输单</translation>
    </message>
    <message>
        <location filename="../../ui/forecast_view.py" line="166" />
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <location filename="../../ui/forecast_view.py" line="169" />
        <source>Opportunities</source>
        <translation>商机</translation>
    </message>
    <message>
        <location filename="../../ui/forecast_view.py" line="167" />
        <source>Pipeline</source>
        <translation>商机金额</translation>
    </message>
    <message>
        <location filename="../../ui/forecast_view.py" line="188" />
        <source>Reached</source>
        <translation>到达数</translation>
    </message>
    <message>
        <location filename="../../ui/forecast_view.py" line="179" />
        <source>Salesperson</source>
        <translation>业务员</translation>
    </message>
    <message>
        <location filename="../../ui/forecast_view.py" line="170" />
        <source>Same month last year</source>
        <translation>去年同月销售</translation>
    </message>
    <message>
        <location filename="../../ui/forecast_view.py" line="188" />
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <location filename="../../ui/forecast_view.py" line="171" />
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <location filename="../../ui/forecast_view.py" line="156" />
        <source>Targets…</source>
        <translation>销售目标…</translation>
    </message>
    <message>
        <location filename="../../ui/forecast_view.py" line="188" />
        <source>To next stage</source>
        <translation>转入下一阶段</translation>
    </message>
    <message>
        <location filename="../../ui/forecast_view.py" line="168" />
        <source>Weighted</source>
        <translation>加权金额</translation>
    </message>
    <message>
        <location filename="../../ui/forecast_view.py" line="180" />
        <source>Weighted (6 months)</source>
        <translation>加权金额（6个月）</translation>
    </message>
    <message>
        <location filename="../../ui/forecast_view.py" line="216" />
        <source>Weighted forecast of the next 6 months: {total}; past their close date: {n}</source>
        <translation>未来 6 个月加权预测：{total}；已过预计成交日期：{n} 个</translation>
    </message>
    <message>
        <location filename="../../ui/forecast_view.py" line="205" />
        <source>Weighted pipeline</source>
        <translation>加权商机金额</translation>
    </message>
    <message>
        <location filename="../../ui/forecast_view.py" line="183" />
        <source>Win rate</source>
        <translation>赢单率</translation>
    </message>
    <message>
        <location filename="../../ui/forecast_view.py" line="181" />
        <source>Won</source>
        <translation>赢单</translation>
    </message>
</context>
<context>
    <name>OpportunitiesTab</name>
    <message>
        <location filename="../../ui/opportunities_tab.py" line="28" />
        <source>New opportunity…</source>
        <translation>新建商机…</translation>
    </message>
    <message>
        <location filename="../../ui/opportunities_tab.py" line="14" />
        <source>Opportunities</source>
        <translation>商机</translation>
    </message>
    <message>
        <location filename="../../ui/opportunities_tab.py" line="54" />
        <source>{open} open (weighted {weighted}), {won} won ({amount})</source>
        <translation>进行中 {open} 个（加权 {weighted}），赢单 {won} 个（{amount}）</translation>
    </message>
</context>
<context>
    <name>OpportunityDialog</name>
    <message>
        <location filename="../../ui/opportunity_dialog.py" line="137" />
        <source>Add line</source>
        <translation>添加明细</translation>
    </message>
    <message>
        <location filename="../../ui/opportunity_dialog.py" line="108" />
        <source>Amount (yuan)</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <location filename="../../ui/opportunity_dialog.py" line="150" />
        <source>By</source>
        <translation>操作人</translation>
    </message>
    <message>
        <location filename="../../ui/opportunity_dialog.py" line="169" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../ui/opportunity_dialog.py" line="114" />
        <source>Competitor</source>
        <translation>竞争对手</translation>
    </message>
    <message>
        <location filename="../../ui/opportunity_dialog.py" line="106" />
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/opportunity_dialog.py" line="68" />
        <source>Customer code</source>
        <translation>客户代号</translation>
    </message>
    <message>
        <location filename="../../ui/opportunity_dialog.py" line="127" />
        <source>Description</source>
        <translation>品名</translation>
    </message>
    <message>
        <location filename="../../ui/opportunity_dialog.py" line="131" />
        <source>Discount (%)</source>
        <translation>折扣（%）</translation>
    </message>
    <message>
        <location filename="../../ui/opportunity_dialog.py" line="87" />
        <source>Empty: the stage's default</source>
        <translation>留空：按阶段默认概率</translation>
    </message>
    <message>
        <location filename="../../ui/opportunity_dialog.py" line="73" />
        <source>Empty: the sum of the lines</source>
        <translation>留空：按产品明细合计</translation>
    </message>
    <message>
        <location filename="../../ui/opportunity_dialog.py" line="109" />
        <source>Expected close date</source>
        <translation>预计成交日期</translation>
    </message>
    <message>
        <location filename="../../ui/opportunity_dialog.py" line="150" />
        <source>From</source>
        <translation>原阶段</translation>
    </message>
    <message>
        <location filename="../../ui/opportunity_dialog.py" line="376" />
        <source>Lost</source>
        <translation>输单</translation>
    </message>
    <message>
        <location filename="../../ui/opportunity_dialog.py" line="263" />
        <source>Lost: {reason}</source>
        <translation>输单原因：{reason}</translation>
    </message>
    <message>
        <location filename="../../ui/opportunity_dialog.py" line="163" />
        <source>Lost…</source>
        <translation>输单…</translation>
    </message>
    <message>
        <location filename="../../ui/opportunity_dialog.py" line="115" />
        <source>Next step</source>
        <translation>下一步</translation>
    </message>
    <message>
        <location filename="../../ui/opportunity_dialog.py" line="117" />
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../ui/opportunity_dialog.py" line="58" />
        <source>Opportunity</source>
        <translation>商机</translation>
    </message>
    <message>
        <location filename="../../ui/opportunity_dialog.py" line="257" />
        <source>Opportunity {id}: {title}</source>
        <translation>商机 {id}：{title}</translation>
    </message>
    <message>
        <location filename="../../ui/opportunity_dialog.py" line="112" />
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <location filename="../../ui/opportunity_dialog.py" line="406" />
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../ui/opportunity_dialog.py" line="406" />
        <source>Print quote</source>
        <translation>打印报价单</translation>
    </message>
    <message>
        <location filename="../../ui/opportunity_dialog.py" line="165" />
        <source>Print quote…</source>
        <translation>打印报价单…</translation>
    </message>
    <message>
        <location filename="../../ui/opportunity_dialog.py" line="126" />
        <source>Product code</source>
        <translation>产品编号</translation>
    </message>
    <message>
        <location filename="../../ui/opportunity_dialog.py" line="145" />
        <source>Products</source>
        <translation>产品明细</translation>
    </message>
    <message>
        <location filename="../../ui/opportunity_dialog.py" line="129" />
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../../ui/opportunity_dialog.py" line="413" />
        <source>Quote saved: {path} ({total})</source>
        <translation>报价单已保存：{path}（{total}）</translation>
    </message>
    <message>
        <location filename="../../ui/opportunity_dialog.py" line="116" />
        <source>Quote valid (days)</source>
        <translation>报价有效期（天）</translation>
    </message>
    <message>
        <location filename="../../ui/opportunity_dialog.py" line="355" />
        <source>Record its products as today's sales (order OPP{id})?</source>
        <translation>是否把产品明细记为今天的销售（订单号 OPP{id}）？</translation>
    </message>
    <message>
        <location filename="../../ui/opportunity_dialog.py" line="138" />
        <source>Remove line</source>
        <translation>删除明细</translation>
    </message>
    <message>
        <location filename="../../ui/opportunity_dialog.py" line="164" />
        <source>Reopen</source>
        <translation>重新打开</translation>
    </message>
    <message>
        <location filename="../../ui/opportunity_dialog.py" line="166" />
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../ui/opportunity_dialog.py" line="113" />
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../ui/opportunity_dialog.py" line="110" />
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <location filename="../../ui/opportunity_dialog.py" line="154" />
        <source>Stage history</source>
        <translation>阶段历史</translation>
    </message>
    <message>
        <location filename="../../ui/opportunity_dialog.py" line="107" />
        <source>Title</source>
        <translation>商机名称</translation>
    </message>
    <message>
        <location filename="../../ui/opportunity_dialog.py" line="150" />
        <source>To</source>
        <translation>新阶段</translation>
    </message>
    <message>
        <location filename="../../ui/opportunity_dialog.py" line="128" />
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../ui/opportunity_dialog.py" line="130" />
        <source>Unit price</source>
        <translation>单价</translation>
    </message>
    <message>
        <location filename="../../ui/opportunity_dialog.py" line="150" />
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/opportunity_dialog.py" line="376" />
        <source>Why was it lost?</source>
        <translation>输单原因是什么？</translation>
    </message>
    <message>
        <location filename="../../ui/opportunity_dialog.py" line="111" />
        <source>Win probability (%)</source>
        <translation>赢单概率（%）</translation>
    </message>
    <message>
        <location filename="../../ui/opportunity_dialog.py" line="162" />
        <source>Won</source>
        <translation>赢单</translation>
    </message>
</context>
<context>
    <name>OpportunityTableModel</name>
    <message>
        <location filename="../../ui/pipeline_models.py" line="280" />
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_models.py" line="277" />
        <source>Code</source>
        <translation>客户代号</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_models.py" line="278" />
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_models.py" line="281" />
        <source>Expected close</source>
        <translation>预计成交</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_models.py" line="279" />
        <source>Opportunity</source>
        <translation>商机</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_models.py" line="285" />
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_models.py" line="283" />
        <source>Probability</source>
        <translation>概率</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_models.py" line="282" />
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_models.py" line="284" />
        <source>Weighted</source>
        <translation>加权金额</translation>
    </message>
</context>
<context>
    <name>PipelinePage</name>
    <message>
        <location filename="../../ui/pipeline_page.py" line="97" />
        <source>All salespeople</source>
        <translation>全部业务员</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_page.py" line="105" />
        <source>Any close month</source>
        <translation>全部成交月份</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_page.py" line="112" />
        <source>Any customer class</source>
        <translation>全部客户分类</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_page.py" line="151" />
        <source>Board</source>
        <translation>看板</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_page.py" line="114" />
        <source>Class {cls}</source>
        <translation>{cls}级</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_page.py" line="124" />
        <source>Close month</source>
        <translation>成交月份</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_page.py" line="126" />
        <source>Customer class</source>
        <translation>客户分类</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_page.py" line="167" />
        <source>Forecast</source>
        <translation>销售预测</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_page.py" line="164" />
        <source>List</source>
        <translation>列表</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_page.py" line="265" />
        <source>Lost</source>
        <translation>输单</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_page.py" line="115" />
        <source>New opportunity…</source>
        <translation>新建商机…</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_page.py" line="275" />
        <source>Opportunities</source>
        <translation>商机</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_page.py" line="122" />
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_page.py" line="117" />
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_page.py" line="118" />
        <source>Stages…</source>
        <translation>阶段设置…</translation>
    </message>
    <message>
        <location filename="../../ui/pipeline_page.py" line="265" />
        <source>Why was it lost?</source>
        <translation>输单原因是什么？</translation>
    </message>
</context>
<context>
    <name>PlaceholderPage</name>
</context>
<context>
    <name>SalesTab</name>
</context>
<context>
    <name>StageColumn</name>
    <message>
        <location filename="../../ui/pipeline_page.py" line="77" />
        <source>{count} · total {total} · weighted {weighted}</source>
        <translation>{count} 个 · 合计 {total} · 加权 {weighted}</translation>
    </message>
</context>
<context>
    <name>StagesDialog</name>
    <message>
        <location filename="../../ui/stages_dialog.py" line="48" />
        <source>Add stage</source>
        <translation>添加阶段</translation>
    </message>
    <message>
        <location filename="../../ui/stages_dialog.py" line="51" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../ui/stages_dialog.py" line="41" />
        <source>English name</source>
        <translation>英文名称</translation>
    </message>
    <message>
        <location filename="../../ui/stages_dialog.py" line="41" />
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../ui/stages_dialog.py" line="47" />
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <location filename="../../ui/stages_dialog.py" line="46" />
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <location filename="../../ui/stages_dialog.py" line="41" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../ui/stages_dialog.py" line="32" />
        <source>Pipeline stages</source>
        <translation>销售漏斗阶段</translation>
    </message>
    <message>
        <location filename="../../ui/stages_dialog.py" line="41" />
        <source>Probability (%)</source>
        <translation>赢单概率（%）</translation>
    </message>
    <message>
        <location filename="../../ui/stages_dialog.py" line="36" />
        <source>Renaming keeps every opportunity and its history in the stage.</source>
        <translation>改名后，该阶段的商机及其历史都会保留。</translation>
    </message>
    <message>
        <location filename="../../ui/stages_dialog.py" line="49" />
        <source>Save</source>
        <translation>保存</translation>
    </message>
</context>
<context>
    <name>TargetsDialog</name>
    <message>
        <location filename="../../ui/forecast_view.py" line="273" />
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <location filename="../../ui/forecast_view.py" line="269" />
        <source>Sales targets {year}</source>
        <translation>{year} 年销售目标</translation>
    </message>
    <message>
        <location filename="../../ui/forecast_view.py" line="273" />
        <source>Target (yuan)</source>
        <translation>目标（元）</translation>
    </message>
</context>
<context>
    <name>TodayOpportunities</name>
    <message>
        <location filename="../../ui/today_opportunities.py" line="49" />
        <source>Closing this month: {count} (weighted {weighted})</source>
        <translation>本月预计成交：{count} 个（加权 {weighted}）</translation>
    </message>
    <message>
        <location filename="../../ui/today_opportunities.py" line="54" />
        <source>No progress for {days} days: {count}</source>
        <translation>{days} 天无进展：{count} 个</translation>
    </message>
    <message>
        <location filename="../../ui/today_opportunities.py" line="18" />
        <source>Opportunities</source>
        <translation>商机</translation>
    </message>
</context>
<context>
    <name>pages</name>
    <message>
        <location filename="../../ui/pages.py" line="97" />
        <source>Opportunities</source>
        <translation>商机</translation>
    </message>
</context>
</TS>
