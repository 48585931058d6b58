"""Realistic demo data: a sales team, customers with every card field, two years of business.

Word pools come from Faker's zh_CN locale (surnames with their frequencies, given
names, mobile prefixes, company words) and from the tables below; one
`random.Random(seed)` composes every row, so the same seed on the same day gives the
same database. Per-row Faker calls would be ~50x slower, so Faker is only read for
its pools.

The shape of the business is deliberate: sales follow a heavy-tailed (Pareto-like)
distribution so that roughly 20 % of customers bring 80 % of sales; the ABC class is
computed from the generated sales with the team's default thresholds; some customers
pay late; some follow-ups are overdue, some due today; credit limits on the cards are
exactly those of the approved credit requests.

Rows are written with `bulk_insert` (raw values: money in fen, dates as ISO text) in
one transaction, streamed from generators so 1M sales lines never sit in memory.
"""

from __future__ import annotations

import bisect
import math
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from crm_desktop.errors import UserError
from crm_desktop.models import (
    AuditEvent,
    Customer,
    User,
    bulk_insert,
    database,
    is_sqlite,
    transaction,
)
from crm_desktop.models.migrations import (
    backfill_last_contact,
    backfill_planned_followups,
    create_followup_triggers,
    drop_followup_triggers,
)
from crm_desktop.models.search_index import reindex_customers
from crm_desktop.services.auth import Actor
from crm_desktop.services.validation import USCC_CHARSET, uscc_check_char

Progress = Callable[[str], None]

# --- the team -----------------------------------------------------------------------

TEAM = (
    ("admin", "gm", "陈总"),
    ("manager", "sales_manager", "李经理"),
    ("sales1", "salesperson", "张伟"),
    ("sales2", "salesperson", "王芳"),
    ("sales3", "salesperson", "刘洋"),
)
OWNER_WEIGHTS = (40, 35, 25)  # sales1, sales2, sales3
SIZE_SIGMA = 0.95  # spread of customer sizes: tuned so ~20 % of customers bring ~80 % of sales
LINES_PER_CUSTOMER = 10
LINES_FUDGE = 1.25  # makes up for first-time buyers' short histories

# --- places: city, province, district codes (GB/T 2260), area code, districts ---------

CITIES = (
    ("北京", "北京市", "1101", "010", ("朝阳区", "海淀区", "丰台区", "大兴区")),
    ("上海", "上海市", "3101", "021", ("浦东新区", "闵行区", "徐汇区", "嘉定区")),
    ("广州", "广东省", "4401", "020", ("天河区", "白云区", "番禺区", "黄埔区")),
    ("深圳", "广东省", "4403", "0755", ("南山区", "宝安区", "龙岗区", "福田区")),
    ("杭州", "浙江省", "3301", "0571", ("西湖区", "滨江区", "余杭区", "萧山区")),
    ("宁波", "浙江省", "3302", "0574", ("鄞州区", "北仑区", "江北区")),
    ("温州", "浙江省", "3303", "0577", ("鹿城区", "龙湾区", "瓯海区")),
    ("南京", "江苏省", "3201", "025", ("江宁区", "鼓楼区", "栖霞区", "浦口区")),
    ("苏州", "江苏省", "3205", "0512", ("工业园区", "吴中区", "相城区", "昆山市")),
    ("无锡", "江苏省", "3202", "0510", ("滨湖区", "新吴区", "惠山区")),
    ("常州", "江苏省", "3204", "0519", ("新北区", "武进区", "天宁区")),
    ("南通", "江苏省", "3206", "0513", ("崇川区", "通州区", "海门区")),
    ("徐州", "江苏省", "3203", "0516", ("云龙区", "泉山区", "铜山区")),
    ("成都", "四川省", "5101", "028", ("武侯区", "高新区", "双流区", "郫都区")),
    ("重庆", "重庆市", "5001", "023", ("渝北区", "江北区", "九龙坡区", "沙坪坝区")),
    ("武汉", "湖北省", "4201", "027", ("江汉区", "洪山区", "东西湖区", "汉阳区")),
    ("西安", "陕西省", "6101", "029", ("雁塔区", "未央区", "长安区")),
    ("天津", "天津市", "1201", "022", ("滨海新区", "西青区", "河西区")),
    ("长沙", "湖南省", "4301", "0731", ("岳麓区", "雨花区", "开福区")),
    ("郑州", "河南省", "4101", "0371", ("金水区", "二七区", "管城回族区", "中原区")),
    ("济南", "山东省", "3701", "0531", ("历下区", "槐荫区", "历城区")),
    ("青岛", "山东省", "3702", "0532", ("黄岛区", "城阳区", "市北区", "崂山区")),
    ("烟台", "山东省", "3706", "0535", ("芝罘区", "莱山区", "福山区")),
    ("厦门", "福建省", "3502", "0592", ("思明区", "湖里区", "集美区")),
    ("福州", "福建省", "3501", "0591", ("鼓楼区", "仓山区", "晋安区")),
    ("泉州", "福建省", "3505", "0595", ("丰泽区", "鲤城区", "晋江市")),
    ("合肥", "安徽省", "3401", "0551", ("蜀山区", "包河区", "庐阳区")),
    ("南昌", "江西省", "3601", "0791", ("红谷滩区", "青山湖区", "东湖区")),
    ("沈阳", "辽宁省", "2101", "024", ("和平区", "铁西区", "浑南区")),
    ("大连", "辽宁省", "2102", "0411", ("甘井子区", "沙河口区", "金州区")),
    ("哈尔滨", "黑龙江省", "2301", "0451", ("南岗区", "道里区", "香坊区")),
    ("长春", "吉林省", "2201", "0431", ("朝阳区", "南关区", "绿园区")),
    ("石家庄", "河北省", "1301", "0311", ("长安区", "裕华区", "桥西区")),
    ("太原", "山西省", "1401", "0351", ("小店区", "迎泽区", "杏花岭区")),
    ("昆明", "云南省", "5301", "0871", ("五华区", "官渡区", "盘龙区")),
    ("南宁", "广西壮族自治区", "4501", "0771", ("青秀区", "西乡塘区", "江南区")),
    ("贵阳", "贵州省", "5201", "0851", ("观山湖区", "南明区", "云岩区")),
    ("佛山", "广东省", "4406", "0757", ("南海区", "顺德区", "禅城区")),
    ("东莞", "广东省", "4419", "0769", ("长安镇", "虎门镇", "松山湖")),
    ("兰州", "甘肃省", "6201", "0931", ("城关区", "七里河区", "安宁区")),
)
# the big cities hold more customers
CITY_WEIGHTS = tuple(8 if c[0] in ("北京", "上海", "广州", "深圳", "杭州") else 3 for c in CITIES)

STREETS = [
    "人民路",
    "解放路",
    "中山路",
    "建设路",
    "和平路",
    "长江路",
    "黄河路",
    "新华路",
    "文化路",
    "科技路",
    "朝阳路",
    "东风路",
    "胜利路",
    "青年路",
    "滨江大道",
    "世纪大道",
    "创业路",
    "学院路",
    "工业大道",
    "迎宾路",
    "凤凰路",
    "振兴路",
    "幸福路",
    "光明路",
    "友谊路",
    "健康路",
    "团结路",
    "南京路",
    "北京路",
    "延安路",
    "复兴路",
    "金桥路",
    "银河路",
    "海港路",
    "花园路",
    "工业园一路",
    "工业园二路",
    "经济开发区",
    "高新大道",
    "环城东路",
    "环城西路",
    "站前路",
    "商业街",
    "民主路",
]
BUILDINGS = ("", "", "", "大厦", "商务中心", "科技园", "工业园", "广场")

# --- company names ------------------------------------------------------------------

BRAND_CHARS = (
    "华信泰鑫恒达嘉盛宏远兴隆通诚瑞祥德丰源海金宝安利新天中联创博永昌聚力合盈益明志光"
    "启航康富耀辉晨星润宇鼎晟卓越腾飞隆基锦程正阳万佳顺东方凯旋汇荣伟业众邦誉乾坤"
)
INDUSTRIES = (
    # (industry shown in 业种, word in the company name, business scope)
    ("电子元器件", "电子", "电子元器件、集成电路、传感器的销售"),
    ("五金机电", "五金", "五金交电、机电设备、电动工具的批发零售"),
    ("办公用品", "办公用品", "办公用品、文具、纸张、办公设备的销售"),
    ("建筑材料", "建材", "建筑材料、装饰材料、管材管件的销售"),
    ("食品饮料", "食品", "预包装食品、饮料、酒类的批发"),
    ("日用百货", "商贸", "日用百货、针纺织品、化妆品的销售"),
    ("化工原料", "化工", "化工原料及产品（不含危险化学品）的销售"),
    ("机械设备", "机械", "通用机械设备、零部件的生产与销售"),
    ("医疗器械", "医疗器械", "第一类、第二类医疗器械的销售"),
    ("汽车配件", "汽配", "汽车零配件、润滑油、轮胎的销售"),
    ("服装纺织", "纺织", "服装、面料、辅料的生产与销售"),
    ("包装印刷", "包装", "包装材料、纸箱、印刷品的生产与销售"),
    ("家居建材", "家居", "家具、灯具、卫浴洁具的销售"),
    ("信息技术", "科技", "计算机软硬件、网络设备的销售及技术服务"),
    ("农资农机", "农资", "化肥、种子、农机具的销售"),
    ("物流仓储", "物流", "普通货运、仓储服务、供应链管理"),
    ("酒店餐饮", "餐饮管理", "餐饮服务、酒店用品的销售"),
    ("劳保用品", "劳保", "劳动防护用品、安全设备的销售"),
    ("照明电器", "照明", "LED照明产品、电线电缆的销售"),
    ("教育文体", "文体", "文体用品、教学设备的销售"),
)
COMPANY_SUFFIXES = (
    "有限公司",
    "有限公司",
    "有限公司",
    "贸易有限公司",
    "股份有限公司",
    "商行",
    "经营部",
)

# --- people ---------------------------------------------------------------------------

TITLES_BY_ROLE = {
    "owner": ("董事长", "总经理", "老板"),
    "manager": ("总经理", "副总经理", "经理", "店长"),
    "legal_rep": ("法定代表人", "董事长", "执行董事"),
    "purchasing": ("采购经理", "采购主管", "采购员"),
    "finance": ("财务经理", "会计", "出纳", "财务主管"),
    "other": ("业务经理", "仓库主管", "行政主管", "技术主管"),
}
CHARACTERS = (
    "性格开朗，健谈",
    "稳重细致，做事讲原则",
    "为人豪爽，重情义",
    "谨慎多疑，决策较慢",
    "精明干练，讲究效率",
    "随和低调，好相处",
    "要求严格，注重细节",
    "热情直爽，说话算数",
)
INTERESTS = (
    "关注行业动态",
    "喜欢研究茶文化",
    "关注子女教育",
    "对新技术感兴趣",
    "喜欢历史和传统文化",
    "关注健康养生",
    "热衷投资理财",
    "喜欢收藏字画",
)
HOBBIES = (
    "打高尔夫球",
    "钓鱼",
    "喝茶品茗",
    "打羽毛球",
    "爬山徒步",
    "书法",
    "摄影",
    "打乒乓球",
    "下围棋",
    "自驾游",
    "游泳",
    "唱歌",
)
FAMILIES = (
    "已婚，一个儿子在读大学",
    "已婚，女儿刚上小学",
    "已婚，有一儿一女",
    "未婚",
    "已婚，孩子在国外留学",
    "已婚，与父母同住",
    "已婚，爱人是中学老师",
)
EDUCATIONS = ("大专", "本科", "本科", "本科", "硕士", "MBA", "高中", "中专")
ABILITIES = (
    "业务能力强，人脉广",
    "管理经验丰富",
    "财务把关严格",
    "谈判能力强",
    "执行力强，反应快",
    "技术出身，懂产品",
)
SOCIAL_GROUPS = ("", "", "", "本地商会会员", "行业协会理事", "同乡会", "扶轮社", "校友会")
RELIGIONS = ("", "", "", "", "", "", "佛教", "基督教")
EMAIL_DOMAINS = ("163.com", "qq.com", "126.com", "sina.com", "139.com")
BANKS = (
    ("中国工商银行", 19),
    ("中国建设银行", 19),
    ("中国农业银行", 19),
    ("中国银行", 19),
    ("交通银行", 17),
    ("招商银行", 16),
    ("浦发银行", 16),
    ("兴业银行", 18),
    ("中信银行", 19),
    ("中国民生银行", 16),
)

# --- profile-card phrases (客户资料卡) ----------------------------------------------------

P = {
    "sales_capability": (
        "销售网络覆盖全市，有自己的配送车队",
        "门店销售为主，客流稳定",
        "有专职业务员五六人，开拓能力一般",
        "终端渠道多，回款能力强",
        "主要靠老客户，开发新客户能力弱",
        "电商和门店结合，线上增长快",
    ),
    "development_potential": (
        "所在区域市场在扩大，潜力较大",
        "增长平稳，潜力一般",
        "正在筹建新仓库，有扩张意向",
        "老板年纪大，接班人未定，发展受限",
        "新开分店两家，潜力大",
        "行业整合中，存在被收购可能",
    ),
    "distribution_philosophy": (
        "重视品牌，愿意做长期代理",
        "看重价格和返点",
        "重服务，讲究及时供货",
        "多品牌经营，忠诚度一般",
        "愿意配合厂家做推广",
        "偏保守，不愿压货",
    ),
    "business_direction": (
        "以批发为主，兼做零售",
        "专注工程项目供货",
        "以零售门店为主",
        "逐步转向线上渠道",
        "面向工厂客户配套供货",
        "政府和企事业单位采购为主",
    ),
    "business_policy": (
        "薄利多销，量大优惠",
        "坚持现款现货",
        "重视账期管理，控制应收",
        "以质量取胜，不打价格战",
        "对大客户实行月结",
        "灵活定价，随行就市",
    ),
    "business_features": (
        "品种齐全，库存充足",
        "配送快，当天到货",
        "专业性强，技术服务好",
        "价格有优势",
        "客户关系维护到位",
        "地段好，门店形象佳",
    ),
    "staff_quality": (
        "管理层经验丰富，业务员素质较高",
        "老板亲力亲为，员工流动性大",
        "团队年轻，学习能力强",
        "业务人员专业水平一般，需要培训",
        "管理规范，分工明确",
    ),
    "competitor_relations": (
        "同时经销两家竞争品牌",
        "与主要竞品厂家关系一般",
        "竞争对手多次上门拉拢",
        "基本只做我司产品",
        "与竞争者价格战激烈",
    ),
    "relationship_with_us": (
        "长期合作，关系稳定",
        "合作时间不长，还在磨合",
        "是我司在当地的主要经销商",
        "偶尔采购，量不大",
        "以前合作过，中间断过一段时间",
    ),
    "cooperation_attitude": (
        "积极配合，愿意参加我司活动",
        "态度一般，以自身利益为主",
        "非常配合，经常主动反馈市场信息",
        "比较被动，需要多跟进",
        "合作意愿强，希望扩大合作",
    ),
    "current_sales_activities": (
        "正在做季度促销",
        "准备参加本地展会",
        "新品正在试销",
        "暂无特别活动",
        "配合我司做门店陈列",
        "在谈一个工程项目",
    ),
    "problems": (
        "回款偏慢",
        "库存积压较多",
        "对价格敏感，经常压价",
        "订货不规律",
        "售后投诉处理不及时",
        "暂无明显问题",
    ),
    "strengths": (
        "渠道稳定，口碑好",
        "地理位置优越",
        "资金实力强",
        "老板人脉广",
        "服务意识强",
        "专业技术好",
    ),
    "future_countermeasures": (
        "加强拜访频率，紧迫盯人",
        "给予适当返点，扩大份额",
        "收紧账期，控制风险",
        "推荐新品，提高客单价",
        "邀请参观工厂，增进感情",
        "安排培训，提升其销售能力",
    ),
    "corporate_image": (
        "形象良好",
        "门店整洁，管理规范",
        "在当地有一定知名度",
        "规模小，形象一般",
        "办公环境较好",
    ),
    "reputation": (
        "同行评价好",
        "信誉良好，守合同",
        "口碑一般",
        "曾有拖欠供应商货款的传闻",
        "在行业内口碑不错",
    ),
}
SERVICE_AREA_FORMS = (
    "{city}市区",
    "{city}及周边地区",
    "{province}全境",
    "{city}{district}",
    "华东地区",
)
ENTERPRISE_SCALE_FORMS = (
    "员工约{staff}人",
    "员工约{staff}人，门店{shops}家",
    "员工{staff}人左右，仓库{area}平方米",
)
REMARKS = ("", "", "", "", "老客户介绍", "年底有返点要求", "需开增值税专用发票", "送货需提前预约")
LOST_REASONS = (
    "价格比竞争对手高",
    "被竞争对手挖走",
    "对售后服务不满意",
    "客户转行",
    "负责人更换，新负责人有自己的供应商",
    "交货不及时",
    "账期谈不拢",
)
CREDIT_GOOD = ("信用良好，按时回款", "回款及时", "信用记录良好")
CREDIT_LATE = ("回款经常拖延", "有逾期记录，需关注", "多次催款才付")
CREDIT_PROBLEMS_LATE = ("曾逾期90天以上", "去年有一笔货款拖欠半年", "多次超信用额度发货")

# --- follow-ups, credit, complaints ----------------------------------------------------

FOLLOWUP_KINDS = (
    ("call", 35, ("电话回访", "确认订单", "催收货款", "了解库存")),
    ("visit", 25, ("上门拜访", "拜访老板", "门店巡查", "送样品")),
    ("message", 12, ("微信沟通新品价格", "发送产品资料", "节日问候")),
    ("meeting", 8, ("年度合作洽谈", "商谈返点政策", "项目协调会")),
    ("dinner", 6, ("请客户吃饭", "答谢宴")),
    ("factory_visit", 4, ("邀请参观工厂", "陪同参观生产线")),
    ("complaint", 4, ("处理质量投诉", "处理送货延误投诉")),
    ("other", 6, ("送生日礼物", "协助办理退货", "对账")),
)
OUTCOMES = (
    "客户确认下月订货",
    "客户对价格有异议，需再谈",
    "已收到部分货款",
    "客户答应本周付款",
    "老板不在，下次再约",
    "客户满意，计划增加品种",
    "了解到竞争对手在降价",
    "样品已送达，等待试用反馈",
    "问题已解决，客户认可",
    "约定下周再次拜访",
    "签订了年度合同",
    "客户暂时没有需求",
)
CREDIT_REASONS = (
    "客户销量稳定，申请提高额度",
    "新客户首次申请信用额度",
    "客户扩大经营，订货量增加",
    "回款良好，建议放宽账期",
    "旺季备货需要",
)
REJECT_COMMENTS = ("回款记录不佳，暂不批准", "额度过高，请先按现有额度执行", "资料不全，补充后再报")
APPROVE_COMMENTS = ("同意", "同意，注意回款", "按核定额度执行", "")
COMPLAINTS = (
    ("产品质量问题", "部分产品有瑕疵，客户要求退换"),
    ("送货延误", "约定日期未能送到，影响客户销售"),
    ("发票开错", "发票抬头有误，需要重开"),
    ("业务员态度", "客户反映业务员回复不及时"),
    ("包装破损", "运输途中包装破损"),
)

# --- products ---------------------------------------------------------------------------

PRODUCT_LINES = (
    # category, unit, base price in yuan, items, variants
    (
        "办公用品",
        "箱",
        120,
        ("A4复印纸", "A3复印纸", "中性笔", "文件夹", "订书机"),
        ("70g", "80g", "标准装", "加厚"),
    ),
    (
        "电子元器件",
        "盒",
        85,
        ("贴片电阻", "电解电容", "LED灯珠", "继电器", "连接器"),
        ("0603", "0805", "工业级", "车规级"),
    ),
    (
        "五金工具",
        "套",
        260,
        ("电钻", "角磨机", "扳手组套", "螺丝刀组套", "卷尺"),
        ("家用", "专业", "重型", "迷你"),
    ),
    (
        "电线电缆",
        "卷",
        380,
        ("BV电线", "RVV护套线", "网线", "电源线"),
        ("1.5平方", "2.5平方", "4平方", "6平方"),
    ),
    (
        "包装材料",
        "件",
        95,
        ("瓦楞纸箱", "封箱胶带", "气泡膜", "缠绕膜"),
        ("小号", "中号", "大号", "特大号"),
    ),
    (
        "劳保用品",
        "箱",
        150,
        ("防护手套", "安全帽", "劳保鞋", "防尘口罩"),
        ("普通", "加厚", "防静电", "耐油"),
    ),
    ("清洁用品", "箱", 70, ("洗手液", "消毒液", "垃圾袋", "抹布"), ("500ml", "1L", "5L", "家庭装")),
    (
        "照明产品",
        "箱",
        210,
        ("LED球泡", "LED灯管", "面板灯", "投光灯"),
        ("9W", "18W", "36W", "100W"),
    ),
    (
        "食品饮料",
        "箱",
        60,
        ("矿泉水", "绿茶饮料", "苏打饼干", "坚果礼盒"),
        ("小瓶装", "大瓶装", "礼盒装", "量贩装"),
    ),
    (
        "汽车配件",
        "件",
        320,
        ("机油滤清器", "刹车片", "雨刮器", "火花塞"),
        ("经济型", "原厂型", "高性能", "通用型"),
    ),
    (
        "管材管件",
        "根",
        45,
        ("PPR水管", "PVC排水管", "镀锌钢管", "铝塑管"),
        ("20mm", "25mm", "32mm", "50mm"),
    ),
    (
        "卫浴洁具",
        "套",
        680,
        ("水龙头", "花洒", "坐便器", "洗手盆"),
        ("简约款", "标准款", "豪华款", "工程款"),
    ),
)


@dataclass(frozen=True)
class DemoSummary:
    """What the demo wrote, for the CLI's summary line and the tests."""

    customers: int
    contacts: int
    products: int
    sales: int
    payments: int
    followups: int
    credit_requests: int
    complaints: int
    seconds: float
    reindex_seconds: float
    cpu_seconds: float  # this process's CPU time: wall time on a busy machine says little
    reindex_cpu_seconds: float


# --- small helpers ------------------------------------------------------------------------


class FastRandom(random.Random):
    """`random.Random` with choice/randint/randrange from one `random()` call each.

    The stock methods loop on `getrandbits` and cost 4x more; millions of rows call
    them. Still fully determined by the seed.
    """

    def choice(self, seq):
        return seq[int(self.random() * len(seq))]

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))

    def randrange(self, start: int, stop: int | None = None) -> int:  # type: ignore[override]
        if stop is None:
            return int(self.random() * start)
        return start + int(self.random() * (stop - start))


def time_ordered_uuid(millis: int, rng: random.Random) -> str:
    """A UUID in the version 7 layout: a millisecond counter, then random bits.

    Ids that grow with insertion order go to the end of each table's unique index
    instead of random pages of it, which makes loading millions of rows much cheaper.
    """
    h = f"{millis:012x}{rng.getrandbits(80):020x}"
    return f"{h[:8]}-{h[8:12]}-7{h[13:16]}-a{h[17:20]}-{h[20:]}"


def _cum(weights) -> list[float]:
    total, out = 0.0, []
    for w in weights:
        total += w
        out.append(total)
    return out


def _pick(rng: random.Random, items, cum: list[float]):
    return items[bisect.bisect_right(cum, rng.random() * cum[-1])]


def make_uscc(rng: random.Random, division: str, category: str = "1") -> str:
    """A unified social credit code with valid check characters (GB 32100 and GB 11714)."""
    # the organization code: mostly digits, now and then a letter, as issued
    body = f"{rng.randrange(10**8):08d}"
    if rng.random() < 0.3:
        pos = rng.randrange(2, 8)
        body = body[:pos] + rng.choice(USCC_CHARSET[10:]) + body[pos + 1 :]
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(
        (int(ch) if ch.isdigit() else ord(ch) - 55) * w for ch, w in zip(body, weights, strict=True)
    )
    c9 = 11 - total % 11
    org_check = "X" if c9 == 10 else "0" if c9 == 11 else str(c9)
    if org_check == "X":  # 'X' is not in the USCC character set; pick another body
        return make_uscc(rng, division, category)
    first17 = "9" + category + division + body + org_check
    return first17 + uscc_check_char(first17)


class _Pools:
    """Names, phone prefixes and company words from Faker's zh_CN locale."""

    def __init__(self) -> None:
        from faker.providers.company.zh_CN import Provider as CompanyProvider
        from faker.providers.person.zh_CN import Provider as PersonProvider
        from faker.providers.phone_number.zh_CN import Provider as PhoneProvider

        surnames = PersonProvider.last_names
        self.surnames = list(surnames)
        self.surname_cum = _cum(surnames.values())
        self.male = list(PersonProvider.first_names_male)
        self.female = list(PersonProvider.first_names_female)
        self.mobile_prefixes = [str(p) for p in PhoneProvider.phonenumber_prefixes]
        two = [p for p in CompanyProvider.company_prefixes if len(p) == 2]
        chars = BRAND_CHARS
        self.brands = sorted(set(two) | {a + b for a in chars[:40] for b in chars[20:] if a != b})

    def person(self, rng: random.Random) -> tuple[str, str]:
        """(name, gender): a surname by its real frequency and a given name of one or two characters."""
        surname = _pick(rng, self.surnames, self.surname_cum)
        if rng.random() < 0.6:
            gender, given = "M", rng.choice(self.male)
        else:
            gender, given = "F", rng.choice(self.female)
        if len(given) == 1 and rng.random() < 0.4:
            given += rng.choice(self.male if gender == "M" else self.female)[0]
        return surname + given, gender

    def mobile(self, rng: random.Random) -> str:
        return rng.choice(self.mobile_prefixes) + f"{rng.randrange(10**8):08d}"


def _landline(rng: random.Random, area: str) -> str:
    digits = 8 if len(area) == 3 else rng.choice((7, 8))
    first = rng.choice("2345678")
    return f"{area}-{first}{rng.randrange(10 ** (digits - 1)):0{digits - 1}d}"


def _money(rng: random.Random, low_yuan: float, high_yuan: float) -> int:
    """A round-ish amount in fen, log-uniform between the bounds."""
    value = math.exp(rng.uniform(math.log(low_yuan), math.log(high_yuan)))
    step = 10_000 if value >= 1_000_000 else 1_000 if value >= 10_000 else 100
    return int(round(value / step) * step) * 100


# --- the generator ---------------------------------------------------------------------------


# Tables the demo fills. On SQLite their indexes are dropped for the load and built
# again at the end, inside the same transaction: one sort per index instead of
# millions of inserts into random places (unique indexes re-check uniqueness then).
LOADED_TABLES = (
    "customer", "contact", "product", "sale", "payment", "follow_up", "credit_request", "complaint",
)  # fmt: skip
DEFER_INDEXES = True


def _drop_indexes() -> list[str]:
    """Drop the secondary indexes of the loaded tables; returns the SQL that recreates them."""
    statements = []
    for table in LOADED_TABLES:
        for index in database.get_indexes(table):
            if index.sql:  # None for SQLite's own autoindexes, which cannot be dropped
                statements.append(index.sql)
                database.execute_sql(f'DROP INDEX "{index.name}"')
    return statements


def _next_id(table: str) -> int:
    row = database.execute_sql(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"').fetchone()
    return int(row[0]) + 1


def generate_demo(
    actor: Actor,
    customers: int = 1000,
    seed: int = 0,
    *,
    today: date | None = None,
    progress: Progress | None = None,
) -> DemoSummary:
    """Fill an empty database with a demo team and `customers` customers with two years of business.

    Refuses (UserError) a database that already has customers: demo records mixed into
    real ones could not be told apart. Same seed and same `today` -> identical data.
    """
    actor.require("user.manage", "load demo data")
    if customers < 1:
        raise UserError("The number of customers must be 1 or more.")
    if customers > 1_000_000:
        raise UserError("At most 1,000,000 demo customers.")
    existing = Customer.select().count()
    if existing:
        raise UserError(
            f"This database already has {existing} customers; demo data goes only into an "
            "empty database. Choose a new file with --db."
        )
    say = progress or (lambda message: None)
    started, cpu_started = time.perf_counter(), time.process_time()
    gen = _Generator(FastRandom(seed), customers, today or date.today(), say)
    with transaction():
        deferred = _drop_indexes() if DEFER_INDEXES and is_sqlite() else []
        # the planned-count triggers would recount per follow-up without the indexes:
        # counted once at the end instead
        drop_followup_triggers(database.obj)
        gen.run()
        if deferred:
            say(f"indexes: rebuilding {len(deferred)}…")
            for sql in deferred:
                database.execute_sql(sql)
        create_followup_triggers(database.obj)
        backfill_planned_followups()
        backfill_last_contact()  # the cadence reads each card's last completed follow-up
        say(f"search index: {customers} customers…")
        t0, c0 = time.perf_counter(), time.process_time()
        reindex_customers()
        reindex_seconds = time.perf_counter() - t0
        reindex_cpu = time.process_time() - c0
        gen.fix_sequences()
        AuditEvent.create(
            user=actor.id, action="demo", entity="customer", count=customers, detail=f"seed={seed}"
        )
    return DemoSummary(
        customers=customers,
        contacts=gen.n_contacts,
        products=gen.n_products,
        sales=gen.n_sales,
        payments=gen.n_payments,
        followups=gen.n_followups,
        credit_requests=gen.n_credit,
        complaints=gen.n_complaints,
        seconds=time.perf_counter() - started,
        reindex_seconds=reindex_seconds,
        cpu_seconds=time.process_time() - cpu_started,
        reindex_cpu_seconds=reindex_cpu,
    )


@dataclass
class _Plan:
    """What later passes need to know about one customer (kept small: 100k of them)."""

    owner: int
    stage: str
    late: bool
    prepaid: bool
    collection_days: int
    first_day: int  # sales window, as day offsets from the start of the two years
    last_day: int
    lines: int
    scale: float
    contact_first: int
    contact_count: int
    credit: tuple | None  # (limit_fen, days, rating, approved_at) of the approved request


class _Generator:
    DAYS = 730

    def __init__(self, rng: random.Random, n: int, today: date, say: Progress) -> None:
        self.rng = rng
        self.n = n
        self.today = today
        self.say = say
        self.start = today - timedelta(days=self.DAYS)
        self.day_iso = [
            (self.start + timedelta(days=i)).isoformat() for i in range(self.DAYS + 400)
        ]
        self.pools = _Pools()
        self.city_cum = _cum(CITY_WEIGHTS)
        self.plans: list[_Plan] = []
        self.totals: list[int] = []
        self.pay_plan: list[tuple[int, int, int]] = []  # (customer index, day offset, fen)
        self._people: list[tuple] = []  # names and phones the contacts pass needs
        self.uuid_millis = (self.start - date(1970, 1, 1)).days * 86_400_000
        self.n_contacts = self.n_products = self.n_sales = self.n_payments = 0
        self.n_followups = self.n_credit = self.n_complaints = 0

    # -- helpers
    def uuid(self) -> str:
        self.uuid_millis += 1
        return time_ordered_uuid(self.uuid_millis, self.rng)

    def day(self, offset: int) -> str:
        if 0 <= offset < len(self.day_iso):
            return self.day_iso[offset]
        return (self.start + timedelta(days=offset)).isoformat()

    def stamp(self, offset: int) -> str:
        rng = self.rng
        return f"{self.day(offset)} {rng.randint(8, 18):02d}:{rng.randrange(60):02d}:00"

    # -- the passes
    def run(self) -> None:
        self.users()
        self.products()
        self.customers()
        self.contacts()
        self.sales()
        self.payments()
        self.followups()
        self.credit_requests()
        self.complaints()
        self.classify()

    def users(self) -> None:
        self.user_ids: dict[str, int] = {}
        for username, role, display in TEAM:
            user = User.get_or_none(User.username == username)
            if user is None:
                stamp = f"{self.day(0)} 08:00:00"
                user = User.create(
                    username=username,
                    role=role,
                    display_name=display,
                    uuid=self.uuid(),
                    created_at=stamp,
                    updated_at=stamp,
                )
            elif user.display_name in ("", "Administrator", username):
                User.update(display_name=display).where(User.id == user.id).execute()
            self.user_ids[username] = user.id
        self.sales_ids = [self.user_ids[u] for u in ("sales1", "sales2", "sales3")]
        self.owner_cum = _cum(OWNER_WEIGHTS)
        self.gm_id = self.user_ids["admin"]

    def products(self) -> None:
        rng = self.rng
        first = _next_id("product")
        rows = []
        self.product_ids: list[int] = []
        self.product_prices: list[int] = []
        weights = []
        pid = first
        for category, unit, base, items, variants in PRODUCT_LINES:
            for item in items:
                for variant in variants:
                    price = int(base * rng.uniform(0.4, 2.5)) * 100 + rng.choice((0, 50, 80, 0))
                    stamp = self.stamp(0)
                    rows.append(
                        (
                            pid,
                            self.uuid(),
                            stamp,
                            stamp,
                            1,
                            None,
                            f"P{pid:04d}",
                            f"{item} {variant}",
                            category,
                            unit,
                            price,
                            True,
                        )
                    )
                    self.product_ids.append(pid)
                    self.product_prices.append(price)
                    weights.append(rng.paretovariate(1.2))
                    pid += 1
        cols = (
            "id uuid created_at updated_at version deleted_at code name category unit price active"
        )
        self.n_products = bulk_insert("product", cols.split(), rows)
        self.product_cum = _cum(weights)
        self.say(f"products: {self.n_products}")

    def customers(self) -> None:
        self.first_customer = _next_id("customer")
        self.first_contact = _next_id("contact")
        cols = [
            "id", "uuid", "created_at", "updated_at", "version", "deleted_at",
            "code", "name", "channel_code", "legal_rep", "address", "tax_id", "phone", "fax",
            "bank_account", "bank", "delivery_address", "contact_name", "contact_phone",
            "invoice_type", "email", "website",
            "org_type", "license_no", "registered_capital", "founded", "business_scope",
            "annual_turnover", "shop_ownership", "shop_lease_start", "shop_lease_end",
            "warehouse_area", "warehouse_ownership",
            "payment_terms", "payment_terms_note", "credit_rating", "abc_class", "credit_limit",
            "collection_days", "credit_approved_by_id", "credit_approved_at", "remarks",
            "proprietor", "manager_name", "trading_since", "industry", "assets",
            "service_area", "sales_capability", "development_potential",
            "distribution_philosophy", "business_direction", "business_policy",
            "enterprise_scale", "business_features",
            "sales_performance", "staff_quality", "competitor_relations",
            "relationship_with_us", "cooperation_attitude",
            "current_sales_activities", "problems", "strengths", "future_countermeasures",
            "corporate_image", "reputation", "credit_status", "trade_conditions",
            "credit_problems",
            "owner_id", "stage", "loyalty", "source", "lost_reason", "contact_interval_days",
        ]  # fmt: skip
        n = bulk_insert("customer", cols, self._customer_rows())
        self.say(f"customers: {n}")

    def _customer_rows(self) -> Iterator[tuple]:
        rng, pools = self.rng, self.pools
        names: set[str] = set()
        stage_items = ("potential", "prospective", "current", "lost")
        stage_cum = _cum((18, 14, 58, 10))
        loyalty_items = ("first_time", "repeat", "loyal")
        loyalty_cum = _cum((25, 45, 30))
        source_items = (
            "friends", "individual", "group", "influential", "publication",
            "lost_customer", "competitor", "partner", "other",
        )  # fmt: skip
        source_cum = _cum((14, 16, 10, 6, 12, 8, 14, 12, 8))
        org_items = (
            None,
            "individual",
            "township",
            "state_owned",
            "joint_venture",
            "foreign_owned",
        )
        org_cum = _cum((6, 40, 18, 12, 15, 9))
        # heavy-tailed customer size: ~20 % of buyers carry most of the volume
        weights = [rng.lognormvariate(0, SIZE_SIGMA) for _ in range(self.n)]
        buyers_share = 0.68
        per_weight = self.n * LINES_PER_CUSTOMER * LINES_FUDGE / (sum(weights) * buyers_share)
        contact_id = self.first_contact
        for i in range(self.n):
            cid = self.first_customer + i
            city, province, division, area, districts = _pick(rng, CITIES, self.city_cum)
            district = rng.choice(districts)
            industry, word, scope = rng.choice(INDUSTRIES)
            for _attempt in range(20):
                brand = rng.choice(pools.brands)
                suffix = rng.choice(COMPANY_SUFFIXES)
                if suffix in ("商行", "经营部"):
                    name = f"{city}市{district}{brand}{word}{suffix}"
                else:
                    name = f"{city}{brand}{word}{suffix}"
                if name not in names:
                    break
                name = f"{city}{brand}{word}{rng.choice(('实业', '发展', '供应链'))}{suffix}"
                if name not in names:
                    break
            names.add(name)
            street = rng.choice(STREETS)
            building = rng.choice(BUILDINGS)
            addr = f"{province}{city}市{district}{street}{rng.randint(1, 999)}号"
            if province == f"{city}市":
                addr = f"{city}市{district}{street}{rng.randint(1, 999)}号"
            if building:
                addr += f"{brand}{building}{rng.randint(1, 30)}楼"
            delivery = (
                addr
                if rng.random() < 0.6
                else (
                    f"{city}市{rng.choice(districts)}{rng.choice(STREETS)}{rng.randint(1, 999)}号仓库"
                )
            )
            owner = _pick(rng, self.sales_ids, self.owner_cum)
            stage = _pick(rng, stage_items, stage_cum)
            buyer = stage in ("current", "lost")
            loyalty = _pick(rng, loyalty_items, loyalty_cum) if stage == "current" else None
            source = (
                _pick(rng, source_items, source_cum)
                if stage != "current" or rng.random() < 0.5
                else None
            )
            # the people
            legal_rep, lr_gender = pools.person(rng)
            manager = legal_rep if rng.random() < 0.4 else pools.person(rng)[0]
            proprietor = legal_rep if rng.random() < 0.7 else pools.person(rng)[0]
            primary, primary_gender = pools.person(rng)
            primary_mobile = pools.mobile(rng)
            n_contacts = 2 if rng.random() < 0.55 else 3
            # the company
            founded = date(rng.randint(1988, 2021), rng.randint(1, 12), rng.randint(1, 28))
            tax_id = make_uscc(
                rng,
                division + f"{rng.randint(1, 12):02d}",
                "2" if "商行" in name or "经营部" in name else "1",
            )
            license_no = (
                tax_id
                if rng.random() < 0.75
                else f"{division}{rng.randint(0, 99):02d}{rng.randrange(10**9):09d}"
            )
            bank_name, acc_len = rng.choice(BANKS)
            bank = f"{bank_name}{city}{district.removesuffix('区').removesuffix('市')}支行"
            account = f"{rng.randint(1, 9)}{rng.randrange(10 ** (acc_len - 1)):0{acc_len - 1}d}"
            size = weights[i]
            staff = max(3, int(8 * size**0.8 * rng.uniform(0.6, 1.6)))
            turnover = int(staff * rng.uniform(30, 120)) * 10_000 * 100  # fen
            capital = rng.choice((50, 100, 200, 300, 500, 1000, 2000, 5000)) * 10_000 * 100
            if size < 0.5:
                capital = rng.choice((10, 30, 50, 100)) * 10_000 * 100
            assets = int(turnover * rng.uniform(0.3, 1.5)) // 1_000_000 * 1_000_000
            shop = rng.choice(("owned", "rented", "rented", None))
            lease_start = lease_end = None
            if shop == "rented":
                y = rng.randint(self.today.year - 4, self.today.year)
                lease_start = date(y, rng.randint(1, 12), 1)
                lease_end = date(y + rng.choice((2, 3, 5)), lease_start.month, 1) - timedelta(
                    days=1
                )
            wh_area = round(staff * rng.uniform(8, 40), 1) if rng.random() < 0.85 else None
            wh_own = rng.choice(("owned", "rented")) if wh_area else None
            # sales plan
            late = buyer and rng.random() < 0.15
            if buyer:
                lines = max(1, int(size * per_weight + rng.random()))
                if loyalty == "first_time":
                    lines = min(lines, rng.randint(1, 3))
                if stage == "lost":
                    last_day = self.DAYS - rng.randint(180, 540)
                    first_day = rng.randint(0, max(0, last_day - 60))
                elif loyalty == "first_time":
                    last_day = self.DAYS
                    first_day = self.DAYS - rng.randint(10, 150)
                else:
                    last_day = self.DAYS
                    first_day = rng.randint(0, 500 if loyalty == "repeat" else 120)
            else:
                lines, first_day, last_day = 0, 0, 0
            # credit: an approved limit for a third of the buyers
            credit = None
            prepaid = True
            days = 0
            rating = None
            if buyer:
                rating = (
                    "C" if late else ("A" if size > 2 and rng.random() < 0.7 else rng.choice("ABB"))
                )
                if rng.random() < 0.45 and stage == "current":
                    days = rng.choice((30, 30, 45, 60, 90))
                    limit = (
                        max(20_000, int(size * rng.uniform(20_000, 80_000)) // 10_000 * 10_000)
                        * 100
                    )
                    approved = max(first_day, 0) + rng.randint(0, 60)
                    credit = (limit, days, rating, min(approved, self.DAYS - 1))
                    prepaid = False
            elif stage == "prospective" and rng.random() < 0.3:
                rating = "B"
            created_day = (
                max(0, first_day - rng.randint(5, 120)) if buyer else rng.randint(0, self.DAYS)
            )
            created = self.stamp(created_day)
            code = f"C{cid:06d}"
            channel = f"QD-{division[:2]}-{rng.randint(1, 40):02d}" if rng.random() < 0.6 else ""
            ctx = {
                "city": city,
                "province": province,
                "district": district,
                "staff": staff,
                "shops": rng.randint(1, 6),
                "area": int(wh_area or 100),
            }
            fields = {k: rng.choice(v) for k, v in P.items()}
            if late:
                credit_status = rng.choice(CREDIT_LATE)
                credit_problems = rng.choice(CREDIT_PROBLEMS_LATE)
            elif buyer:
                credit_status, credit_problems = rng.choice(CREDIT_GOOD), ""
            else:
                credit_status, credit_problems = "", ""
            self.plans.append(
                _Plan(
                    owner=owner,
                    stage=stage,
                    late=late,
                    prepaid=prepaid,
                    collection_days=days,
                    first_day=first_day,
                    last_day=last_day,
                    lines=lines,
                    scale=size**0.35,
                    contact_first=contact_id,
                    contact_count=n_contacts,
                    credit=credit,
                )
            )
            if not buyer:
                trade = ""
            elif prepaid:
                trade = rng.choice(("款到发货", "款到发货", "预付30%，余款发货前结清"))
            else:
                trade = f"月结{days}天" + rng.choice(("", "", "，年底返点2%", "，季度对账"))
            self._people.append(
                (
                    primary,
                    primary_mobile,
                    legal_rep,
                    lr_gender,
                    manager,
                    proprietor,
                    area,
                    primary_gender,
                )
            )
            contact_id += n_contacts
            yield (
                cid, self.uuid(), created, created, 1, None,
                code, name, channel, legal_rep, addr, tax_id, _landline(rng, area),
                _landline(rng, area) if rng.random() < 0.5 else "",
                account, bank, delivery, primary, primary_mobile,
                "vat" if rng.random() < 0.7 else "ordinary",
                f"{rng.choice(('sales', 'info', 'service', 'office'))}@{code.lower()}.com.cn" if rng.random() < 0.5 else "",
                f"www.{code.lower()}.com.cn" if rng.random() < 0.3 else "",
                _pick(rng, org_items, org_cum), license_no, capital, founded.isoformat(), scope,
                turnover, shop, lease_start and lease_start.isoformat(),
                lease_end and lease_end.isoformat(), wh_area, wh_own,
                None if not buyer else ("prepaid" if prepaid else "other"),
                "" if prepaid else f"月结{days}天",
                rating, None, credit and credit[0], days or None,
                self.gm_id if credit else None,
                self.stamp(credit[3]) if credit else None,
                rng.choice(REMARKS),
                proprietor, manager, self.day(first_day) if buyer else None, industry,
                assets or None,
                rng.choice(SERVICE_AREA_FORMS).format(**ctx),
                fields["sales_capability"], fields["development_potential"],
                fields["distribution_philosophy"], fields["business_direction"],
                fields["business_policy"],
                rng.choice(ENTERPRISE_SCALE_FORMS).format(**ctx), fields["business_features"],
                "", fields["staff_quality"], fields["competitor_relations"],
                fields["relationship_with_us"] if buyer else "尚未合作",
                fields["cooperation_attitude"],
                fields["current_sales_activities"], fields["problems"], fields["strengths"],
                fields["future_countermeasures"], fields["corporate_image"], fields["reputation"],
                credit_status, trade, credit_problems,
                owner, stage, loyalty, source,
                rng.choice(LOST_REASONS) if stage == "lost" else "",
                rng.choice((7, 10, 14)) if rng.random() < 0.03 else None,
            )  # fmt: skip

    def contacts(self) -> None:
        cols = [
            "id",
            "uuid",
            "created_at",
            "updated_at",
            "version",
            "deleted_at",
            "customer_id",
            "name",
            "role",
            "title",
            "gender",
            "phone",
            "mobile",
            "email",
            "wechat",
            "birthday",
            "character",
            "interests",
            "hobbies",
            "family",
            "education",
            "ability",
            "social_groups",
            "religion",
            "notes",
            "is_primary",
        ]
        self.n_contacts = bulk_insert("contact", cols, self._contact_rows())
        self.say(f"contacts: {self.n_contacts}")

    def _contact_rows(self) -> Iterator[tuple]:
        rng, pools = self.rng, self.pools
        this_year = self.today.year
        k = 0
        for i, plan in enumerate(self.plans):
            cid = self.first_customer + i
            primary, mobile, legal_rep, lr_gender, _manager, _prop, area, p_gender = self._people[i]
            people = [
                (
                    primary,
                    p_gender,
                    rng.choice(("purchasing", "purchasing", "other")),
                    mobile,
                ),
                (legal_rep, lr_gender, "legal_rep", pools.mobile(rng)),
            ]
            if plan.contact_count > 2:
                name, gender = pools.person(rng)
                people.append(
                    (
                        name,
                        gender,
                        rng.choice(("finance", "other", "purchasing")),
                        pools.mobile(rng),
                    )
                )
            for j, (name, gender, role, mob) in enumerate(people):
                k += 1
                if k % 29 == 0:  # a birthday within the coming week: 送生日礼物
                    soon = self.today + timedelta(days=k % 7 + 1)
                    year = rng.randint(1962, 1995)
                    try:
                        birthday = soon.replace(year=year)
                    except ValueError:  # 29 February
                        birthday = soon.replace(year=year, day=28)
                elif rng.random() < 0.85:
                    birthday = date(rng.randint(1962, 1998), rng.randint(1, 12), rng.randint(1, 28))
                else:
                    birthday = None
                age_note = (
                    f"{this_year - birthday.year}岁左右" if birthday and rng.random() < 0.2 else ""
                )
                stamp = self.stamp(rng.randrange(self.DAYS))
                yield (
                    plan.contact_first + j, self.uuid(), stamp, stamp, 1, None, cid, name, role,
                    rng.choice(TITLES_BY_ROLE[role]), gender,
                    _landline(rng, area) if rng.random() < 0.4 else "", mob,
                    f"{rng.choice(('wang', 'li', 'zhang', 'liu', 'chen', 'yang', 'zhao', 'huang'))}"
                    f"{rng.randrange(1000, 99999)}@{rng.choice(EMAIL_DOMAINS)}"
                    if rng.random() < 0.5 else "",
                    mob if rng.random() < 0.6 else f"wx_{rng.randrange(10**6, 10**8)}",
                    birthday and birthday.isoformat(),
                    rng.choice(CHARACTERS), rng.choice(INTERESTS),
                    "、".join(rng.sample(HOBBIES, rng.randint(1, 3))),
                    rng.choice(FAMILIES), rng.choice(EDUCATIONS), rng.choice(ABILITIES),
                    rng.choice(SOCIAL_GROUPS), rng.choice(RELIGIONS), age_note, j == 0,
                )  # fmt: skip
        self._people = []

    def sales(self) -> None:
        cols = [
            "id",
            "uuid",
            "created_at",
            "updated_at",
            "version",
            "deleted_at",
            "customer_id",
            "product_id",
            "salesperson_id",
            "order_no",
            "date",
            "quantity",
            "unit_price",
            "amount",
            "note",
        ]
        self.first_sale = _next_id("sale")
        self.n_sales = bulk_insert("sale", cols, self._sale_rows())
        self.say(f"sales lines: {self.n_sales}")

    def _sale_rows(self) -> Iterator[tuple]:
        rng = self.rng
        sid = self.first_sale
        order_seq = 0
        products, prices, pcum = self.product_ids, self.product_prices, self.product_cum
        ptop = pcum[-1]
        day, stamp_times = (
            self.day,
            ("09:12:00", "10:30:00", "11:05:00", "14:20:00", "15:45:00", "16:30:00"),
        )
        notes = ("", "", "", "", "", "", "", "", "加急", "赠品", "样品", "补货")
        say_every = 200_000
        for i, plan in enumerate(self.plans):
            total = 0
            if plan.lines:
                cid = self.first_customer + i
                days = sorted(
                    rng.randint(plan.first_day, plan.last_day - 1) for _ in range(plan.lines)
                )
                # lines of one day form an order of 1–4 lines
                orders: list[tuple[int, int]] = []  # (day offset, amount of the order)
                j = 0
                while j < len(days):
                    d = days[j]
                    size = rng.randint(1, 4)
                    order_seq += 1
                    order_no = f"SO{day(d).replace('-', '')}{order_seq:07d}"
                    created = f"{day(d)} {rng.choice(stamp_times)}"
                    order_amount = 0
                    for _ in range(size):
                        if j >= len(days):
                            break
                        p = bisect.bisect_right(pcum, rng.random() * ptop)
                        qty = max(1, int(rng.expovariate(1 / 6) * plan.scale) + 1)
                        unit = prices[p] * rng.choice((100, 100, 98, 95, 92, 90)) // 100
                        amount = qty * unit
                        order_amount += amount
                        yield (
                            sid, self.uuid(), created, created, 1, None, cid, products[p],
                            plan.owner, order_no, day(d), qty, unit, amount, rng.choice(notes),
                        )  # fmt: skip
                        sid += 1
                        j += 1
                        if (sid - self.first_sale) % say_every == 0:
                            self.say(f"sales lines: {sid - self.first_sale}…")
                    total += order_amount
                    orders.append((d, order_amount))
                self._plan_payments(i, plan, orders)
            self.totals.append(total)

    def _plan_payments(self, i: int, plan: _Plan, orders: list[tuple[int, int]]) -> None:
        """About 0.3 payments per sales line; late payers pay weeks after the due date, or not yet."""
        rng = self.rng
        count = max(1, min(len(orders), int(plan.lines * 0.32 + rng.random())))
        step = len(orders) / count
        for c in range(count):
            chunk = orders[int(c * step) : int((c + 1) * step)] or orders[-1:]
            amount = sum(a for _, a in chunk)
            if plan.prepaid:
                pay_day = chunk[0][0] - rng.randint(0, 3)
            else:
                pay_day = chunk[-1][0] + plan.collection_days + rng.randint(-5, 10)
            if plan.late:
                pay_day += rng.randint(30, 150)
                if rng.random() < 0.3:
                    amount = amount * rng.randint(5, 9) // 10
            if pay_day >= self.DAYS:  # not yet paid: outstanding
                continue
            self.pay_plan.append((i, max(0, pay_day), amount))

    def payments(self) -> None:
        cols = [
            "id",
            "uuid",
            "created_at",
            "updated_at",
            "version",
            "deleted_at",
            "customer_id",
            "date",
            "amount",
            "method",
            "reference",
            "recorded_by_id",
            "note",
        ]
        first = _next_id("payment")
        rng = self.rng
        methods = ("transfer", "transfer", "transfer", "cash", "check", "acceptance")

        def rows() -> Iterator[tuple]:
            for k, (i, d, amount) in enumerate(self.pay_plan):
                stamp = self.stamp(d)
                plan = self.plans[i]
                yield (
                    first + k, self.uuid(), stamp, stamp, 1, None, self.first_customer + i,
                    self.day(d), amount, rng.choice(methods),
                    f"HK{self.day(d).replace('-', '')}{k:06d}", plan.owner,
                    "逾期付款" if plan.late and rng.random() < 0.5 else "",
                )  # fmt: skip

        self.n_payments = bulk_insert("payment", cols, rows())
        self.pay_plan = []
        self.say(f"payments: {self.n_payments}")

    def followups(self) -> None:
        cols = [
            "id",
            "uuid",
            "created_at",
            "updated_at",
            "version",
            "deleted_at",
            "customer_id",
            "contact_id",
            "owner_id",
            "kind",
            "subject",
            "due_at",
            "ends_at",
            "status",
            "done_at",
            "outcome",
            "recurrence",
            "series",
            "reminded_on",
        ]
        first = _next_id("follow_up")
        self.n_followups = bulk_insert("follow_up", cols, self._followup_rows(first))
        self.say(f"follow-ups: {self.n_followups}")

    def _followup_rows(self, fid: int) -> Iterator[tuple]:
        rng = self.rng
        kinds = [k for k, _w, _s in FOLLOWUP_KINDS]
        subjects = {k: s for k, _w, s in FOLLOWUP_KINDS}
        kind_cum = _cum(w for _k, w, _s in FOLLOWUP_KINDS)
        D = self.DAYS
        for i, plan in enumerate(self.plans):
            cid = self.first_customer + i
            # key customers are followed more closely (紧迫盯人)
            for _ in range(rng.randint(2, 6) + min(8, plan.lines // 10)):
                kind = _pick(rng, kinds, kind_cum)
                u = rng.random()
                if u < 0.72:
                    lo = 0 if plan.stage in ("current", "lost") else D - 240
                    d = rng.randint(lo, D - 1)
                    if d >= D - 30 and rng.random() < 0.35:
                        status = "planned"  # overdue
                    else:
                        status = "cancelled" if rng.random() < 0.04 else "done"
                elif u < 0.73:
                    d, status = D, "planned"  # due today
                else:
                    d, status = D + rng.randint(1, 60), "planned"
                hour, minute = rng.randint(9, 17), rng.choice((0, 0, 15, 30, 30, 45))
                due = f"{self.day(d)} {hour:02d}:{minute:02d}:00"
                ends = (
                    f"{self.day(d)} {min(hour + rng.randint(1, 2), 21):02d}:{minute:02d}:00"
                    if kind in ("visit", "meeting", "dinner", "factory_visit")
                    else None
                )
                done_at = due if status == "done" else None
                created = self.stamp(max(0, min(d, D) - rng.randint(1, 14)))
                contact = plan.contact_first + rng.randrange(plan.contact_count)
                yield (
                    fid, self.uuid(), created, done_at or created, 1, None, cid, contact,
                    plan.owner, kind, rng.choice(subjects[kind]), due, ends, status, done_at,
                    rng.choice(OUTCOMES) if status == "done" else "", "", None, None,
                )  # fmt: skip
                fid += 1

    def credit_requests(self) -> None:
        cols = [
            "id",
            "uuid",
            "created_at",
            "updated_at",
            "version",
            "deleted_at",
            "customer_id",
            "requested_by_id",
            "requested_at",
            "proposed_limit",
            "proposed_days",
            "proposed_terms",
            "proposed_rating",
            "reason",
            "status",
            "decided_by_id",
            "decided_at",
            "approved_limit",
            "comment",
            "previous_limit",
            "previous_days",
            "previous_terms",
            "previous_rating",
        ]
        first = _next_id("credit_request")
        self.n_credit = bulk_insert("credit_request", cols, self._credit_rows(first))
        self.say(f"credit requests: {self.n_credit}")

    def _credit_rows(self, rid: int) -> Iterator[tuple]:
        rng = self.rng
        D = self.DAYS
        for i, plan in enumerate(self.plans):
            cid = self.first_customer + i
            requests = []
            if plan.credit:
                limit, days, rating, approved = plan.credit
                asked = limit if rng.random() < 0.6 else limit * rng.choice((12, 15, 20)) // 10
                requests.append(
                    (approved - rng.randint(1, 7), asked, days, "other", rating, "approved",
                     approved, limit, None)
                )  # fmt: skip
                r = rng.random()
                if r < 0.04:  # a later request waiting for the general manager
                    requests.append(
                        (D - rng.randint(0, 10), limit * 2, days + 30, "other", rating,
                         "pending", None, None, (limit, days, "other", rating))
                    )  # fmt: skip
                elif r < 0.10:
                    ask_day = rng.randint(min(approved + 30, D - 1), D - 1)
                    requests.append(
                        (ask_day, limit * 3, 90, "other", rating, "rejected", min(D - 1, ask_day + 3),
                         None, (limit, days, "other", rating))
                    )  # fmt: skip
            elif plan.stage in ("current", "prospective"):
                r = rng.random()
                if r < 0.03:
                    requests.append(
                        (D - rng.randint(0, 14),
                         rng.choice((5, 10, 20, 30, 50)) * 10_000 * 100, 30, "other", "B",
                         "pending", None, None, None)
                    )  # fmt: skip
                elif r < 0.08 or (plan.late and r < 0.5):
                    ask = rng.randint(max(0, plan.first_day), D - 1)
                    requests.append(
                        (ask, rng.choice((10, 20, 50)) * 10_000 * 100, 60, "other", "B",
                         "rejected", min(D - 1, ask + rng.randint(1, 5)), None, None)
                    )  # fmt: skip
            for (
                ask_day,
                limit,
                days,
                terms,
                rating,
                status,
                decided,
                approved_limit,
                prev,
            ) in requests:
                ask_day = max(0, ask_day)
                requested = self.stamp(ask_day)
                decided_at = self.stamp(decided) if decided is not None else None
                if decided_at is not None and decided_at < requested:
                    decided_at = requested
                comment = ""
                if status == "approved":
                    comment = rng.choice(APPROVE_COMMENTS)
                elif status == "rejected":
                    comment = rng.choice(REJECT_COMMENTS)
                prev = prev or (None, None, "prepaid", None)
                yield (
                    rid, self.uuid(), requested, decided_at or requested, 1, None, cid, plan.owner,
                    requested, limit, days, terms, rating, rng.choice(CREDIT_REASONS), status,
                    self.gm_id if decided_at else None, decided_at, approved_limit, comment,
                    prev[0], prev[1], prev[2], prev[3],
                )  # fmt: skip
                rid += 1

    def complaints(self) -> None:
        cols = [
            "id",
            "uuid",
            "created_at",
            "updated_at",
            "version",
            "deleted_at",
            "customer_id",
            "contact_id",
            "received_at",
            "subject",
            "description",
            "severity",
            "status",
            "handled_by_id",
            "resolved_at",
            "resolution",
        ]
        first = _next_id("complaint")
        rng = self.rng
        D = self.DAYS

        def rows() -> Iterator[tuple]:
            k = first
            for i, plan in enumerate(self.plans):
                if plan.stage not in ("current", "lost") or rng.random() >= 0.04:
                    continue
                d = rng.randint(max(0, plan.first_day), D - 1)
                received = self.stamp(d)
                subject, description = rng.choice(COMPLAINTS)
                resolved = d < D - 20 or rng.random() < 0.5
                yield (
                    k, self.uuid(), received, received, 1, None, self.first_customer + i,
                    plan.contact_first, received, subject, description,
                    "high" if rng.random() < 0.2 else "normal",
                    "resolved" if resolved else "open", plan.owner,
                    self.stamp(min(D - 1, d + rng.randint(1, 15))) if resolved else None,
                    "已与客户沟通并妥善处理" if resolved else "",
                )  # fmt: skip
                k += 1

        self.n_complaints = bulk_insert("complaint", cols, rows())

    def classify(self) -> None:
        """ABC class from the generated sales (A up to 80 %, B up to 95 %, C the rest, D none)."""
        order = sorted(range(self.n), key=lambda i: -self.totals[i])
        grand = sum(self.totals) or 1
        running = 0
        updates = []
        for i in order:
            total = self.totals[i]
            if total <= 0:
                cls = "D"
                perf = "尚无成交"
            else:
                share_before = running * 100 / grand
                cls = "A" if share_before < 80 else "B" if share_before < 95 else "C"
                running += total
                perf = f"近两年累计采购约{total / 1_000_000:.1f}万元"
            updates.append((cls, perf, self.first_customer + i))
        mark = database.param
        sql = (
            f"UPDATE customer SET abc_class = {mark}, sales_performance = {mark} WHERE id = {mark}"
        )
        cursor = database.cursor()
        cursor.executemany(sql, updates)
        self.say("customer classes: done")

    def fix_sequences(self) -> None:
        """PostgreSQL: move each id sequence past the ids written here."""
        if is_sqlite():
            return
        for table in ("user", "product", "customer", "contact", "sale", "payment", "follow_up",
                      "credit_request", "complaint"):  # fmt: skip
            database.execute_sql(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                f'COALESCE((SELECT MAX(id) FROM "{table}"), 1))'
            )


def sales_share_of_top(fraction: float = 0.2) -> float:
    """Share of all sales brought by the top `fraction` of customers (the 80/20 check)."""
    rows = database.execute_sql(
        "SELECT COALESCE(SUM(s.amount), 0) FROM customer c LEFT JOIN sale s ON s.customer_id = c.id "
        "GROUP BY c.id"
    ).fetchall()
    totals = sorted((int(r[0]) for r in rows), reverse=True)
    grand = sum(totals)
    if not grand:
        return 0.0
    top = totals[: max(1, int(len(totals) * fraction))]
    return sum(top) / grand


__all__ = ["TEAM", "DemoSummary", "generate_demo", "make_uscc", "sales_share_of_top"]
