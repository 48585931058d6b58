<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>AgingModel</name>
    <message>
        <location filename="../../ui/credit_page.py" line="200" />
        <source>Not yet due</source>
        <translation>未到期</translation>
    </message>
    <message>
        <location filename="../../ui/credit_page.py" line="201" />
        <source>0–30 days</source>
        <translation>逾期0–30天</translation>
    </message>
    <message>
        <location filename="../../ui/credit_page.py" line="202" />
        <source>31–60 days</source>
        <translation>逾期31–60天</translation>
    </message>
    <message>
        <location filename="../../ui/credit_page.py" line="203" />
        <source>61–90 days</source>
        <translation>逾期61–90天</translation>
    </message>
    <message>
        <location filename="../../ui/credit_page.py" line="204" />
        <source>Over 90 days</source>
        <translation>逾期90天以上</translation>
    </message>
    <message>
        <location filename="../../ui/credit_page.py" line="207" />
        <source>Code</source>
        <translation>代号</translation>
    </message>
    <message>
        <location filename="../../ui/credit_page.py" line="208" />
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/credit_page.py" line="209" />
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <location filename="../../ui/credit_page.py" line="211" />
        <source>Collection days</source>
        <translation>收款期限(天)</translation>
    </message>
    <message>
        <location filename="../../ui/credit_page.py" line="217" />
        <source>Credit limit</source>
        <translation>信用额度</translation>
    </message>
    <message>
        <location filename="../../ui/credit_page.py" line="223" />
        <source>Balance</source>
        <translation>应收余额</translation>
    </message>
</context>
<context>
    <name>CreditFigures</name>
    <message>
        <location filename="../../ui/credit_dialog.py" line="49" />
        <source>Credit terms</source>
        <translation>信用条件</translation>
    </message>
    <message>
        <location filename="../../ui/credit_dialog.py" line="52" />
        <source>Current</source>
        <translation>现行</translation>
    </message>
    <message>
        <location filename="../../ui/credit_dialog.py" line="53" />
        <source>Proposed</source>
        <translation>申请</translation>
    </message>
    <message>
        <location filename="../../ui/credit_dialog.py" line="56" />
        <source>Credit limit</source>
        <translation>信用额度</translation>
    </message>
    <message>
        <location filename="../../ui/credit_dialog.py" line="57" />
        <source>Collection period (days)</source>
        <translation>收款期限(天)</translation>
    </message>
    <message>
        <location filename="../../ui/credit_dialog.py" line="58" />
        <source>Payment terms</source>
        <translation>付款条件</translation>
    </message>
    <message>
        <location filename="../../ui/credit_dialog.py" line="59" />
        <source>Credit rating</source>
        <translation>信用等级</translation>
    </message>
    <message>
        <location filename="../../ui/credit_dialog.py" line="70" />
        <source>Receivables and payment record</source>
        <translation>应收账款与付款记录</translation>
    </message>
    <message>
        <location filename="../../ui/credit_dialog.py" line="85" />
        <source>Receivable balance</source>
        <translation>应收余额</translation>
    </message>
    <message>
        <location filename="../../ui/credit_dialog.py" line="86" />
        <source>Credit exposure</source>
        <translation>信用占用率</translation>
    </message>
    <message>
        <location filename="../../ui/credit_dialog.py" line="87" />
        <source>Payment record</source>
        <translation>付款记录</translation>
    </message>
    <message>
        <location filename="../../ui/credit_dialog.py" line="88" />
        <source>Sales, last 12 months</source>
        <translation>近12个月销售额</translation>
    </message>
    <message>
        <location filename="../../ui/credit_dialog.py" line="108" />
        <source>no limit set</source>
        <translation>未设额度</translation>
    </message>
    <message>
        <location filename="../../ui/credit_dialog.py" line="110" />
        <source>over a zero limit</source>
        <translation>额度为零却有欠款</translation>
    </message>
    <message>
        <location filename="../../ui/credit_dialog.py" line="115" />
        <source>%1 paid on time, %2 paid late, %3 open past due (%4), %5 not yet due</source>
        <translation>按时付清 %1 笔，逾期付清 %2 笔，逾期未付 %3 笔（%4），未到期 %5 笔</translation>
    </message>
    <message>
        <location filename="../../ui/credit_dialog.py" line="123" />
        <source>; up to %1 days late</source>
        <translation>；最长逾期 %1 天</translation>
    </message>
</context>
<context>
    <name>CreditPage</name>
    <message>
        <location filename="../../ui/credit_page.py" line="141" />
        <source>crm-desktop</source>
        <translation>crm-desktop</translation>
    </message>
    <message>
        <location filename="../../ui/credit_page.py" line="268" />
        <source>Approve…</source>
        <translation>核准…</translation>
    </message>
    <message>
        <location filename="../../ui/credit_page.py" line="269" />
        <source>Reject…</source>
        <translation>驳回…</translation>
    </message>
    <message>
        <location filename="../../ui/credit_page.py" line="270" />
        <source>Withdraw</source>
        <translation>撤回</translation>
    </message>
    <message>
        <location filename="../../ui/credit_page.py" line="271" />
        <source>Details…</source>
        <translation>详情…</translation>
    </message>
    <message>
        <location filename="../../ui/credit_page.py" line="285" />
        <source>Waiting</source>
        <translation>待审批</translation>
    </message>
    <message>
        <location filename="../../ui/credit_page.py" line="296" />
        <source>Decided</source>
        <translation>已处理</translation>
    </message>
    <message>
        <location filename="../../ui/credit_page.py" line="303" />
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../ui/credit_page.py" line="311" />
        <source>Receivables aging</source>
        <translation>应收账龄</translation>
    </message>
    <message>
        <location filename="../../ui/credit_page.py" line="314" />
        <source>Over limit</source>
        <translation>超额度客户</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/credit_page.py" line="353" />
        <source>%n customer(s) owe more than their credit limit.</source>
        <translation>
            <numerusform>%n 个客户的应收余额超出信用额度。</numerusform></translation>
    </message>
    <message>
        <location filename="../../ui/credit_page.py" line="355" />
        <source>No customer owes more than their credit limit.</source>
        <translation>没有客户的应收余额超出信用额度。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/credit_page.py" line="328" />
        <source>%n request(s) waiting for your decision.</source>
        <translation>
            <numerusform>%n 个申请等待您审批。</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/credit_page.py" line="330" />
        <source>%n request(s) waiting for the general manager.</source>
        <translation>
            <numerusform>%n 个申请等待总经理审批。</numerusform></translation>
    </message>
    <message>
        <location filename="../../ui/credit_page.py" line="332" />
        <source>Waiting (%1)</source>
        <translation>待审批（%1）</translation>
    </message>
    <message>
        <location filename="../../ui/credit_page.py" line="355" />
        <source>%1 customers owe %2, of which %3 is past due.</source>
        <translation>%1 个客户欠款合计 %2，其中逾期 %3。</translation>
    </message>
    <message>
        <location filename="../../ui/credit_page.py" line="407" />
        <source>Withdraw request</source>
        <translation>撤回申请</translation>
    </message>
    <message>
        <location filename="../../ui/credit_page.py" line="408" />
        <source>Withdraw the credit request for %1?</source>
        <translation>撤回 %1 的信用申请？</translation>
    </message>
</context>
<context>
    <name>CreditRequestDialog</name>
    <message>
        <location filename="../../ui/credit_dialog.py" line="140" />
        <source>Credit request: %1 %2</source>
        <translation>信用申请：%1 %2</translation>
    </message>
    <message>
        <location filename="../../ui/credit_dialog.py" line="148" />
        <source>Proposal</source>
        <translation>申请内容</translation>
    </message>
    <message>
        <location filename="../../ui/credit_dialog.py" line="152" />
        <source>amount in yuan</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <location filename="../../ui/credit_dialog.py" line="159" />
        <source>Apply to current limit</source>
        <translation>按现行额度计算</translation>
    </message>
    <message>
        <location filename="../../ui/credit_dialog.py" line="164" />
        <source>or change by</source>
        <translation>或调整</translation>
    </message>
    <message>
        <location filename="../../ui/credit_dialog.py" line="167" />
        <source>Credit limit</source>
        <translation>信用额度</translation>
    </message>
    <message>
        <location filename="../../ui/credit_dialog.py" line="170" />
        <location filename="../../ui/credit_dialog.py" line="173" />
        <location filename="../../ui/credit_dialog.py" line="178" />
        <source>unchanged</source>
        <translation>不变</translation>
    </message>
    <message>
        <location filename="../../ui/credit_dialog.py" line="171" />
        <source>Collection period (days)</source>
        <translation>收款期限(天)</translation>
    </message>
    <message>
        <location filename="../../ui/credit_dialog.py" line="176" />
        <source>Payment terms</source>
        <translation>付款条件</translation>
    </message>
    <message>
        <location filename="../../ui/credit_dialog.py" line="181" />
        <source>Credit rating</source>
        <translation>信用等级</translation>
    </message>
    <message>
        <location filename="../../ui/credit_dialog.py" line="188" />
        <source>%1% of %2 sales paid on time</source>
        <translation>%2 笔销售中 %1% 按时付款</translation>
    </message>
    <message>
        <location filename="../../ui/credit_dialog.py" line="194" />
        <source>; %1 open past due, up to %2 days</source>
        <translation>；%1 笔逾期未付，最长 %2 天</translation>
    </message>
    <message>
        <location filename="../../ui/credit_dialog.py" line="199" />
        <source>Suggested from payment behaviour: %1 (%2)</source>
        <translation>按付款表现建议：%1（%2）</translation>
    </message>
    <message>
        <location filename="../../ui/credit_dialog.py" line="204" />
        <source>No rating suggestion: not enough payment history.</source>
        <translation>付款记录不足，暂无等级建议。</translation>
    </message>
    <message>
        <location filename="../../ui/credit_dialog.py" line="208" />
        <source>Why should the credit change?</source>
        <translation>为什么要调整信用？</translation>
    </message>
    <message>
        <location filename="../../ui/credit_dialog.py" line="210" />
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <location filename="../../ui/credit_dialog.py" line="220" />
        <source>Send request</source>
        <translation>提交申请</translation>
    </message>
</context>
<context>
    <name>CreditTab</name>
    <message>
        <location filename="../../ui/credit_tab.py" line="22" />
        <source>Credit</source>
        <translation>信用</translation>
    </message>
    <message>
        <location filename="../../ui/credit_tab.py" line="51" />
        <source>Receivable balance</source>
        <translation>应收余额</translation>
    </message>
    <message>
        <location filename="../../ui/credit_tab.py" line="52" />
        <source>Credit limit</source>
        <translation>信用额度</translation>
    </message>
    <message>
        <location filename="../../ui/credit_tab.py" line="53" />
        <source>Credit exposure</source>
        <translation>信用占用率</translation>
    </message>
    <message>
        <location filename="../../ui/credit_tab.py" line="54" />
        <source>Available credit</source>
        <translation>可用额度</translation>
    </message>
    <message>
        <location filename="../../ui/credit_tab.py" line="56" />
        <source>Request credit change…</source>
        <translation>申请调整信用…</translation>
    </message>
    <message>
        <location filename="../../ui/credit_tab.py" line="61" />
        <source>Credit history</source>
        <translation>信用记录</translation>
    </message>
    <message>
        <location filename="../../ui/credit_tab.py" line="71" />
        <source>not set</source>
        <translation>未设定</translation>
    </message>
    <message>
        <location filename="../../ui/credit_tab.py" line="76" />
        <source>over a zero limit</source>
        <translation>额度为零却有欠款</translation>
    </message>
</context>
<context>
    <name>DecisionDialog</name>
    <message>
        <location filename="../../ui/credit_dialog.py" line="288" />
        <source>Credit request %1: %2 %3</source>
        <translation>信用申请 %1：%2 %3</translation>
    </message>
    <message>
        <location filename="../../ui/credit_dialog.py" line="295" />
        <source>Requested by %1 on %2. Reason: %3</source>
        <translation>%1 于 %2 申请。理由：%3</translation>
    </message>
    <message>
        <location filename="../../ui/credit_dialog.py" line="306" />
        <source>Decision</source>
        <translation>审批</translation>
    </message>
    <message>
        <location filename="../../ui/credit_dialog.py" line="310" />
        <source>You may approve a lower amount than requested.</source>
        <translation>可核准低于申请的金额。</translation>
    </message>
    <message>
        <location filename="../../ui/credit_dialog.py" line="311" />
        <source>Approved limit</source>
        <translation>核准额度</translation>
    </message>
    <message>
        <location filename="../../ui/credit_dialog.py" line="315" />
        <source>Comment</source>
        <translation>意见</translation>
    </message>
    <message>
        <location filename="../../ui/credit_dialog.py" line="326" />
        <source>Approve</source>
        <translation>核准</translation>
    </message>
    <message>
        <location filename="../../ui/credit_dialog.py" line="329" />
        <source>Reject</source>
        <translation>驳回</translation>
    </message>
    <message>
        <location filename="../../ui/credit_dialog.py" line="336" />
        <source>You filed this request: another manager decides.</source>
        <translation>这是您本人提交的申请，须由另一位总经理审批。</translation>
    </message>
</context>
<context>
    <name>OverLimitModel</name>
    <message>
        <location filename="../../ui/credit_page.py" line="232" />
        <source>Code</source>
        <translation>代号</translation>
    </message>
    <message>
        <location filename="../../ui/credit_page.py" line="233" />
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/credit_page.py" line="234" />
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <location filename="../../ui/credit_page.py" line="235" />
        <source>Balance</source>
        <translation>应收余额</translation>
    </message>
    <message>
        <location filename="../../ui/credit_page.py" line="237" />
        <source>Credit limit</source>
        <translation>信用额度</translation>
    </message>
    <message>
        <location filename="../../ui/credit_page.py" line="242" />
        <source>Over by</source>
        <translation>超出</translation>
    </message>
    <message>
        <location filename="../../ui/credit_page.py" line="243" />
        <source>Exposure</source>
        <translation>占用率</translation>
    </message>
</context>
<context>
    <name>PaymentDialog</name>
    <message>
        <location filename="../../ui/sales_page.py" line="256" />
        <source>Record a payment</source>
        <translation>登记收款</translation>
    </message>
    <message>
        <location filename="../../ui/sales_page.py" line="262" />
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../ui/sales_page.py" line="265" />
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../ui/sales_page.py" line="268" />
        <source>Bank transfer</source>
        <translation>银行转账</translation>
    </message>
    <message>
        <location filename="../../ui/sales_page.py" line="269" />
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <location filename="../../ui/sales_page.py" line="270" />
        <source>Cheque</source>
        <translation>支票</translation>
    </message>
    <message>
        <location filename="../../ui/sales_page.py" line="271" />
        <source>Bank acceptance</source>
        <translation>银行承兑汇票</translation>
    </message>
    <message>
        <location filename="../../ui/sales_page.py" line="272" />
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../../ui/sales_page.py" line="275" />
        <source>Method</source>
        <translation>方式</translation>
    </message>
    <message>
        <location filename="../../ui/sales_page.py" line="277" />
        <source>Reference</source>
        <translation>凭证号</translation>
    </message>
    <message>
        <location filename="../../ui/sales_page.py" line="279" />
        <source>Note</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>PaymentsModel</name>
    <message>
        <location filename="../../ui/sales_page.py" line="65" />
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../ui/sales_page.py" line="68" />
        <source>Code</source>
        <translation>代号</translation>
    </message>
    <message>
        <location filename="../../ui/sales_page.py" line="69" />
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/sales_page.py" line="72" />
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../ui/sales_page.py" line="73" />
        <source>Method</source>
        <translation>方式</translation>
    </message>
    <message>
        <location filename="../../ui/sales_page.py" line="74" />
        <source>Reference</source>
        <translation>凭证号</translation>
    </message>
    <message>
        <location filename="../../ui/sales_page.py" line="75" />
        <source>Recorded by</source>
        <translation>登记人</translation>
    </message>
    <message>
        <location filename="../../ui/sales_page.py" line="76" />
        <source>Note</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>ProductDialog</name>
    <message>
        <location filename="../../ui/sales_page.py" line="305" />
        <source>Product</source>
        <translation>产品</translation>
    </message>
    <message>
        <location filename="../../ui/sales_page.py" line="305" />
        <source>New product</source>
        <translation>新产品</translation>
    </message>
    <message>
        <location filename="../../ui/sales_page.py" line="310" />
        <source>Code</source>
        <translation>代号</translation>
    </message>
    <message>
        <location filename="../../ui/sales_page.py" line="311" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../ui/sales_page.py" line="312" />
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../ui/sales_page.py" line="313" />
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../ui/sales_page.py" line="314" />
        <source>Price</source>
        <translation>单价</translation>
    </message>
</context>
<context>
    <name>ProductsModel</name>
    <message>
        <location filename="../../ui/sales_page.py" line="85" />
        <source>Code</source>
        <translation>代号</translation>
    </message>
    <message>
        <location filename="../../ui/sales_page.py" line="86" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../ui/sales_page.py" line="87" />
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../ui/sales_page.py" line="88" />
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../ui/sales_page.py" line="89" />
        <source>Price</source>
        <translation>单价</translation>
    </message>
    <message>
        <location filename="../../ui/sales_page.py" line="90" />
        <source>Active</source>
        <translation>在售</translation>
    </message>
    <message>
        <location filename="../../ui/sales_page.py" line="90" />
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../ui/sales_page.py" line="90" />
        <source>no</source>
        <translation>否</translation>
    </message>
</context>
<context>
    <name>RequestsModel</name>
    <message>
        <location filename="../../ui/credit_page.py" line="151" />
        <source>Waiting</source>
        <translation>待审批</translation>
    </message>
    <message>
        <location filename="../../ui/credit_page.py" line="152" />
        <source>Approved</source>
        <translation>已核准</translation>
    </message>
    <message>
        <location filename="../../ui/credit_page.py" line="153" />
        <source>Rejected</source>
        <translation>已驳回</translation>
    </message>
    <message>
        <location filename="../../ui/credit_page.py" line="154" />
        <source>Withdrawn</source>
        <translation>已撤回</translation>
    </message>
    <message>
        <location filename="../../ui/credit_page.py" line="157" />
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../ui/credit_page.py" line="158" />
        <source>Code</source>
        <translation>代号</translation>
    </message>
    <message>
        <location filename="../../ui/credit_page.py" line="159" />
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/credit_page.py" line="160" />
        <source>Proposed limit</source>
        <translation>申请额度</translation>
    </message>
    <message>
        <location filename="../../ui/credit_page.py" line="162" />
        <source>Days</source>
        <translation>天数</translation>
    </message>
    <message>
        <location filename="../../ui/credit_page.py" line="168" />
        <source>Rating</source>
        <translation>等级</translation>
    </message>
    <message>
        <location filename="../../ui/credit_page.py" line="170" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/credit_page.py" line="171" />
        <source>Requested by</source>
        <translation>申请人</translation>
    </message>
    <message>
        <location filename="../../ui/credit_page.py" line="172" />
        <source>Requested</source>
        <translation>申请时间</translation>
    </message>
    <message>
        <location filename="../../ui/credit_page.py" line="176" />
        <source>Approved limit</source>
        <translation>核准额度</translation>
    </message>
    <message>
        <location filename="../../ui/credit_page.py" line="177" />
        <source>Decided by</source>
        <translation>审批人</translation>
    </message>
    <message>
        <location filename="../../ui/credit_page.py" line="178" />
        <source>Decided</source>
        <translation>审批时间</translation>
    </message>
    <message>
        <location filename="../../ui/credit_page.py" line="179" />
        <source>Comment</source>
        <translation>意见</translation>
    </message>
    <message>
        <location filename="../../ui/credit_page.py" line="182" />
        <source>Reason</source>
        <translation>理由</translation>
    </message>
</context>
<context>
    <name>SaleDialog</name>
    <message>
        <location filename="../../ui/sales_page.py" line="144" />
        <source>Record a sale</source>
        <translation>登记销售</translation>
    </message>
    <message>
        <location filename="../../ui/sales_page.py" line="150" />
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../ui/sales_page.py" line="153" />
        <source>(no product)</source>
        <translation>（不选产品）</translation>
    </message>
    <message>
        <location filename="../../ui/sales_page.py" line="157" />
        <source>Product</source>
        <translation>产品</translation>
    </message>
    <message>
        <location filename="../../ui/sales_page.py" line="160" />
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../../ui/sales_page.py" line="163" />
        <source>Unit price</source>
        <translation>单价</translation>
    </message>
    <message>
        <location filename="../../ui/sales_page.py" line="165" />
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../ui/sales_page.py" line="168" />
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../ui/sales_page.py" line="172" />
        <source>Credit</source>
        <translation>信用</translation>
    </message>
    <message>
        <location filename="../../ui/sales_page.py" line="197" />
        <source>Balance after this sale: %1 (no credit limit set)</source>
        <translation>本笔销售后应收余额：%1（未设信用额度）</translation>
    </message>
    <message>
        <location filename="../../ui/sales_page.py" line="203" />
        <source>Balance after this sale: %1 of a %2 limit</source>
        <translation>本笔销售后应收余额：%1，信用额度 %2</translation>
    </message>
    <message>
        <location filename="../../ui/sales_page.py" line="209" />
        <source>over the limit</source>
        <translation>超出额度</translation>
    </message>
    <message>
        <location filename="../../ui/sales_page.py" line="217" />
        <source>Over the credit limit</source>
        <translation>超出信用额度</translation>
    </message>
    <message>
        <location filename="../../ui/sales_page.py" line="218" />
        <source>Record the sale anyway?</source>
        <translation>仍然登记这笔销售吗？</translation>
    </message>
</context>
<context>
    <name>SalesModel</name>
    <message>
        <location filename="../../ui/sales_page.py" line="44" />
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../ui/sales_page.py" line="47" />
        <source>Code</source>
        <translation>代号</translation>
    </message>
    <message>
        <location filename="../../ui/sales_page.py" line="48" />
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/sales_page.py" line="51" />
        <source>Product</source>
        <translation>产品</translation>
    </message>
    <message>
        <location filename="../../ui/sales_page.py" line="52" />
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../../ui/sales_page.py" line="54" />
        <source>Unit price</source>
        <translation>单价</translation>
    </message>
    <message>
        <location filename="../../ui/sales_page.py" line="56" />
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../ui/sales_page.py" line="57" />
        <source>Salesperson</source>
        <translation>业务员</translation>
    </message>
    <message>
        <location filename="../../ui/sales_page.py" line="58" />
        <source>Note</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>SalesPage</name>
    <message>
        <location filename="../../ui/sales_page.py" line="130" />
        <source>Customer code</source>
        <translation>客户代号</translation>
    </message>
    <message>
        <location filename="../../ui/sales_page.py" line="355" />
        <source>Record sale…</source>
        <translation>登记销售…</translation>
    </message>
    <message>
        <location filename="../../ui/sales_page.py" line="357" />
        <source>Sales</source>
        <translation>销售</translation>
    </message>
    <message>
        <location filename="../../ui/sales_page.py" line="361" />
        <source>Record payment…</source>
        <translation>登记收款…</translation>
    </message>
    <message>
        <location filename="../../ui/sales_page.py" line="364" />
        <source>Payments</source>
        <translation>收款</translation>
    </message>
    <message>
        <location filename="../../ui/sales_page.py" line="369" />
        <source>New product…</source>
        <translation>新建产品…</translation>
    </message>
    <message>
        <location filename="../../ui/sales_page.py" line="370" />
        <source>Edit product…</source>
        <translation>修改产品…</translation>
    </message>
    <message>
        <location filename="../../ui/sales_page.py" line="381" />
        <source>Products</source>
        <translation>产品目录</translation>
    </message>
</context>
<context>
    <name>SalesTab</name>
    <message>
        <location filename="../../ui/sales_tab.py" line="15" />
        <source>Sales and payments</source>
        <translation>销售与收款</translation>
    </message>
    <message>
        <location filename="../../ui/sales_tab.py" line="32" />
        <source>Record sale…</source>
        <translation>登记销售…</translation>
    </message>
    <message>
        <location filename="../../ui/sales_tab.py" line="33" />
        <source>Record payment…</source>
        <translation>登记收款…</translation>
    </message>
    <message>
        <location filename="../../ui/sales_tab.py" line="49" />
        <source>Sales</source>
        <translation>销售</translation>
    </message>
    <message>
        <location filename="../../ui/sales_tab.py" line="50" />
        <source>Payments</source>
        <translation>收款</translation>
    </message>
    <message>
        <location filename="../../ui/sales_tab.py" line="66" />
        <source>Receivable balance: %1</source>
        <translation>应收余额：%1</translation>
    </message>
</context>
</TS>