"""Companies: names, addresses, registration and bank data, the profile card's phrases,
and the plan of each customer's business that the later passes follow."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
from typing import TYPE_CHECKING

from crm_desktop.demo.pools import landline
from crm_desktop.demo.randomness import WAN_FEN, cumulative, pick, some_day, wan
from crm_desktop.demo.state import CustomerPlan, next_id, record_columns
from crm_desktop.messages import msg
from crm_desktop.models import bulk_insert
from crm_desktop.services.validation import USCC_CHARSET, uscc_check_char
from crm_desktop.textutil import name_sort_key

if TYPE_CHECKING:
    from crm_desktop.demo.state import DemoState

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


def write_customers(state: DemoState) -> None:
    """The customers with every card field, and each one's plan (sales window, credit, payer)."""
    state.first_customer = next_id("customer")
    state.first_contact = next_id("contact")
    cols = record_columns(
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
        "name_key",
    )  # fmt: skip
    n = bulk_insert("customer", cols, _customer_rows(state))
    state.say(msg("demo.customers", count=n))


def _customer_rows(state: DemoState) -> Iterator[tuple]:
    rng, pools = state.rng, state.pools
    names: set[str] = set()
    city_cum = cumulative(CITY_WEIGHTS)
    stage_items = ("potential", "prospective", "current", "lost")
    stage_cum = cumulative((18, 14, 58, 10))
    loyalty_items = ("first_time", "repeat", "loyal")
    loyalty_cum = cumulative((25, 45, 30))
    source_items = (
        "friends", "individual", "group", "influential", "publication",
        "lost_customer", "competitor", "partner", "other",
    )  # fmt: skip
    source_cum = cumulative((14, 16, 10, 6, 12, 8, 14, 12, 8))
    org_items = (
        None,
        "individual",
        "township",
        "state_owned",
        "joint_venture",
        "foreign_owned",
    )
    org_cum = cumulative((6, 40, 18, 12, 15, 9))
    # heavy-tailed customer size: ~20 % of buyers carry most of the volume
    weights = [rng.lognormvariate(0, SIZE_SIGMA) for _ in range(state.n)]
    buyers_share = 0.68
    per_weight = state.n * LINES_PER_CUSTOMER * LINES_FUDGE / (sum(weights) * buyers_share)
    contact_id = state.first_contact
    for i in range(state.n):
        cid = state.first_customer + i
        city, province, division, area, districts = pick(rng, CITIES, city_cum)
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
        owner = pick(rng, state.sales_ids, state.owner_cum)
        stage = pick(rng, stage_items, stage_cum)
        buyer = stage in ("current", "lost")
        loyalty = pick(rng, loyalty_items, loyalty_cum) if stage == "current" else None
        source = (
            pick(rng, source_items, source_cum)
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
        founded = some_day(rng, 1988, 2021)
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
        turnover = int(staff * rng.uniform(30, 120)) * WAN_FEN
        capital = wan(rng, (50, 100, 200, 300, 500, 1000, 2000, 5000))
        if size < 0.5:
            capital = wan(rng, (10, 30, 50, 100))
        assets = int(turnover * rng.uniform(0.3, 1.5)) // 1_000_000 * 1_000_000
        shop = rng.choice(("owned", "rented", "rented", None))
        lease_start = lease_end = None
        if shop == "rented":
            y = rng.randint(state.today.year - 4, state.today.year)
            lease_start = date(y, rng.randint(1, 12), 1)
            lease_end = date(y + rng.choice((2, 3, 5)), lease_start.month, 1) - timedelta(days=1)
        wh_area = round(staff * rng.uniform(8, 40), 1) if rng.random() < 0.85 else None
        wh_own = rng.choice(("owned", "rented")) if wh_area else None
        # sales plan
        late = buyer and rng.random() < 0.15
        if buyer:
            lines = max(1, int(size * per_weight + rng.random()))
            if loyalty == "first_time":
                lines = min(lines, rng.randint(1, 3))
            if stage == "lost":
                last_day = state.DAYS - rng.randint(180, 540)
                first_day = rng.randint(0, max(0, last_day - 60))
            elif loyalty == "first_time":
                last_day = state.DAYS
                first_day = state.DAYS - rng.randint(10, 150)
            else:
                last_day = state.DAYS
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
                    max(20_000, int(size * rng.uniform(20_000, 80_000)) // 10_000 * 10_000) * 100
                )
                approved = max(first_day, 0) + rng.randint(0, 60)
                credit = (limit, days, rating, min(approved, state.DAYS - 1))
                prepaid = False
        elif stage == "prospective" and rng.random() < 0.3:
            rating = "B"
        created_day = (
            max(0, first_day - rng.randint(5, 120)) if buyer else rng.randint(0, state.DAYS)
        )
        created = state.stamp(created_day)
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
        state.plans.append(
            CustomerPlan(
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
        state.people.append(
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
            cid, state.uuid(), created, created, 1, None,
            code, name, channel, legal_rep, addr, tax_id, landline(rng, area),
            landline(rng, area) if rng.random() < 0.5 else "",
            account, bank, delivery, primary, primary_mobile,
            "vat" if rng.random() < 0.7 else "ordinary",
            f"{rng.choice(('sales', 'info', 'service', 'office'))}@{code.lower()}.com.cn" if rng.random() < 0.5 else "",
            f"www.{code.lower()}.com.cn" if rng.random() < 0.3 else "",
            pick(rng, org_items, org_cum), license_no, capital, founded.isoformat(), scope,
            turnover, shop, lease_start and lease_start.isoformat(),
            lease_end and lease_end.isoformat(), wh_area, wh_own,
            None if not buyer else ("prepaid" if prepaid else "other"),
            "" if prepaid else f"月结{days}天",
            rating, None, credit and credit[0], days or None,
            state.gm_id if credit else None,
            state.stamp(credit[3]) if credit else None,
            rng.choice(REMARKS),
            proprietor, manager, state.day(first_day) if buyer else None, industry,
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
            name_sort_key(name),  # written with the card: no second write of every row
        )  # fmt: skip
