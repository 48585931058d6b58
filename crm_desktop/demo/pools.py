"""Word pools from Faker's zh_CN locale (surnames by frequency, given names, mobile
prefixes, company words) and the shapes of Chinese phone numbers."""

from __future__ import annotations

import random

from crm_desktop.demo.randomness import cumulative, pick

# characters of the brand words in company names (华信, 恒达 …), with Faker's own
BRAND_CHARS = (
    "华信泰鑫恒达嘉盛宏远兴隆通诚瑞祥德丰源海金宝安利新天中联创博永昌聚力合盈益明志光"
    "启航康富耀辉晨星润宇鼎晟卓越腾飞隆基锦程正阳万佳顺东方凯旋汇荣伟业众邦誉乾坤"
)


class Pools:
    """Names, phone prefixes and company words from Faker's zh_CN locale."""

    def __init__(self) -> None:
        from faker.providers.company.zh_CN import Provider as CompanyProvider
        from faker.providers.person.zh_CN import Provider as PersonProvider
        from faker.providers.phone_number.zh_CN import Provider as PhoneProvider

        surnames = PersonProvider.last_names
        self.surnames = list(surnames)
        self.surname_cum = cumulative(surnames.values())
        self.male = list(PersonProvider.first_names_male)
        self.female = list(PersonProvider.first_names_female)
        self.mobile_prefixes = [str(p) for p in PhoneProvider.phonenumber_prefixes]
        two = [p for p in CompanyProvider.company_prefixes if len(p) == 2]
        chars = BRAND_CHARS
        self.brands = sorted(set(two) | {a + b for a in chars[:40] for b in chars[20:] if a != b})

    def person(self, rng: random.Random) -> tuple[str, str]:
        """(name, gender): a surname by its real frequency and a given name of one or two characters."""
        surname = pick(rng, self.surnames, self.surname_cum)
        if rng.random() < 0.6:
            gender, given = "M", rng.choice(self.male)
        else:
            gender, given = "F", rng.choice(self.female)
        if len(given) == 1 and rng.random() < 0.4:
            given += rng.choice(self.male if gender == "M" else self.female)[0]
        return surname + given, gender

    def mobile(self, rng: random.Random) -> str:
        return rng.choice(self.mobile_prefixes) + f"{rng.randrange(10**8):08d}"


def landline(rng: random.Random, area: str) -> str:
    digits = 8 if len(area) == 3 else rng.choice((7, 8))
    first = rng.choice("2345678")
    return f"{area}-{first}{rng.randrange(10 ** (digits - 1)):0{digits - 1}d}"
