# ruff: noqa: E501  (prose banks: one sentence per line reads better than wrapped strings)
"""Build the offline demo corpus: fictional outlets covering the AI industry, Jan 6 - Feb 23 2025.

Writes ``site/`` (feeds, article pages, robots.txt), ``sources.yaml`` and ``corpus.json`` under the
output directory (default: the directory of this script). Deterministic: a fixed seed, no clock,
no environment, so re-running it reproduces identical bytes.

    python demo/build_corpus.py [--out DIR]

The outlets are invented; the companies and people they report on are real, and the events follow
the public record of those weeks. Quotes attributed to real people are their public statements;
every analyst, commenter and journalist is fictional. Most of this file is text: paragraph and
sentence banks per story beat, composed into articles with ``{a|b}`` alternations so that no two
articles repeat a sentence (syndicated wire copies excepted, on purpose).
"""

from __future__ import annotations

import argparse
import email.utils
import hashlib
import html
import json
import random
import re
import shutil
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

SEED = 20250223
PLACEHOLDER = "__BASE__"
START = datetime(2025, 1, 6, tzinfo=UTC)
END = datetime(2025, 2, 23, 23, 0, tzinfo=UTC)
HERE = Path(__file__).resolve().parent
TRACKING = "utm_source=rss&utm_medium=feed"


# --------------------------------------------------------------------------- outlets


@dataclass(frozen=True)
class Outlet:
    slug: str
    name: str
    kind: str  # outlet | wire | broken
    tags: tuple[str, ...]
    country: str
    language: str
    city: str
    utc_offset: int  # minutes
    feed_path: str
    feed_format: str
    date_style: str  # where pages carry the date: meta, jsonld, time, none (combined with +)
    staff: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()
    newsletter: str = ""
    description: str = ""
    dated_urls: bool = True


# fmt: off
OUTLETS: tuple[Outlet, ...] = (
    Outlet(
        "pacific-tech", "The Pacific Tech Review", "outlet", ("tech",), "US", "en",
        "San Francisco", -480, "feed.xml", "rss2-content", "meta+jsonld",
        ("Maya Lindgren", "Derek Osei", "Hannah Brightwater", "Luis Carrasco", "Ingrid Sato"),
        ("Tech", "AI", "Startups", "Gadgets", "Opinion"), "The Daily Byte",
        "Technology news from the West Coast.",
    ),
    Outlet(
        "market-ledger", "The Market Ledger", "outlet", ("business", "markets"), "US", "en",
        "New York", -300, "rss.xml", "rss2-summary-tracking", "jsonld",
        ("Victoria Hale", "Samuel Adeyemi", "Rachel Kornfeld", "Peter Vasquez"),
        ("Markets", "Companies", "Tech", "Economy", "Personal Finance"), "Before the Bell",
        "Markets, money and the companies that move them.",
    ),
    Outlet(
        "capitol-circuit", "Capitol Circuit", "outlet", ("policy",), "US", "en",
        "Washington", -300, "atom.xml", "atom-relative", "time",
        ("Eleanor Whitfield", "Marcus Delgado", "Anita Ruiz"),
        ("Policy", "Trade", "Congress", "National Security", "Courts"), "Circuit Breaker",
        "Technology policy from Washington.",
    ),
    Outlet(
        "wafer-weekly", "Wafer Weekly", "outlet", ("chips", "trade-press"), "TW", "en",
        "Hsinchu", 480, "index.rdf", "rss1-rdf", "meta",
        ("Kevin Huang-Larsen", "Mei-Ling Tsai", "Stefan Brouwer"),
        ("Foundry", "Equipment", "AI Accelerators", "Supply Chain", "Markets"), "Fab Notes",
        "Semiconductor trade news: foundries, equipment and accelerators.",
    ),
    Outlet(
        "asia-signal", "Asia Signal", "outlet", ("asia", "business"), "HK", "en",
        "Hong Kong", 480, "rss.xml", "rss2-summary", "meta+time",
        ("Jessica Lam", "Arjun Mehta", "Zhou Xinyi", "Daniel Koh"),
        ("China", "Markets", "Tech", "Region", "中文"), "Asia Signal Daily",
        "Business and technology across Asia.",
    ),
    Outlet(
        "digitalblick", "Digitalblick", "outlet", ("tech", "europe"), "DE", "de",
        "Berlin", 60, "feed.rss", "rss2-windows-1252", "time",
        ("Katrin Vogel", "Jonas Brandt"),
        ("Digitales", "Wirtschaft", "KI", "Halbleiter", "Politik"), "Digitalblick am Morgen",
        "Nachrichten aus der digitalen Wirtschaft.",
    ),
    Outlet(
        "le-fil-numerique", "Le Fil Numérique", "outlet", ("tech", "europe"), "FR", "fr",
        "Paris", 60, "atom.xml", "atom", "meta+jsonld",
        ("Claire Dumont", "Antoine Lefèvre"),
        ("Tech", "Économie", "IA", "Start-up", "Politique"), "La Lettre du Fil",
        "L'actualité du numérique, de l'IA et des start-up.",
    ),
    Outlet(
        "forkwise", "Forkwise", "outlet", ("open-source", "developers"), "US", "en",
        "Portland", -480, "feed.json", "jsonfeed", "none",
        ("Sam Okonkwo", "Priscilla Tan", "Ben Halloran"),
        ("Posts", "Tutorials", "Benchmarks", "Tools", "About"), "Forkwise Weekly",
        "An open-source and developer blog about running models yourself.",
        dated_urls=False,
    ),
    Outlet(
        "evening-courier", "The Evening Courier", "outlet", ("general", "news"), "GB", "en",
        "London", 0, "rss.xml", "rss2-summary", "meta+time",
        ("Fiona McAllister", "Tom Ashworth", "Harriet Doyle", "Rupert Quayle"),
        ("News", "Business", "Technology", "Lifestyle", "Sport"), "The Courier Briefing",
        "News, business and lifestyle from London.",
    ),
    Outlet(
        "meridian-wire", "Meridian Wire", "wire", ("wire", "news"), "US", "en",
        "New York", 0, "feed.xml", "rss2-content", "meta+jsonld",
        ("Laura Jennings", "Omar Haddad", "Kai Nakamura", "Beatrice Nolan"),
        ("Top News", "Business", "Technology", "World", "Markets"), "Meridian Morning",
        "An independent news agency. Stories licensed to subscribing publishers.",
    ),
    Outlet(
        "coastline-daily", "Coastline Daily", "broken", ("general", "news"), "US", "en",
        "San Diego", -480, "feed.xml", "broken", "none",
    ),
)
# fmt: on
OUTLET = {o.slug: o for o in OUTLETS}
WIRE = "meridian-wire"
BROKEN = "coastline-daily"

WIRE_EDITORS = ("Editing by Paul Sheridan", "Editing by Nora Fitzgerald", "Editing by Ian Mercer")


# --------------------------------------------------------------------------- people


@dataclass(frozen=True)
class Person:
    name: str
    role: str
    domains: tuple[str, ...]

    @property
    def surname(self) -> str:
        # Chinese and Korean names put the family name first.
        first, _, rest = self.name.partition(" ")
        return first if self.name in FAMILY_NAME_FIRST else rest.split(" ")[-1]


FAMILY_NAME_FIRST = {"Chen Yiling", "Park Min-jun", "Zhou Wen"}

# fmt: off
PEOPLE: tuple[Person, ...] = (
    Person("Marcus Oyelaran", "chief market strategist at Bridgewell Capital", ("markets",)),
    Person("Dana Whitcombe", "an analyst at Corbel Partners", ("markets", "ai")),
    Person("Oliver Grant", "head of equities at Fenwick & Rowe", ("markets",)),
    Person("Tomasz Wielgus", "a portfolio manager at Vistula Asset Management", ("markets",)),
    Person("Kenji Arakawa", "an analyst at Mizusawa Securities in Tokyo", ("markets", "chips", "asia")),
    Person("Rosalind Achterberg", "a strategist at Dunmore Wealth", ("markets",)),
    Person("Priya Raman", "a semiconductor analyst at Harlow & Finch Securities", ("chips", "markets")),
    Person("Wen-Hsin Lo", "an analyst at Formosa Insight in Taipei", ("chips", "asia")),
    Person("Gareth Pellow", "principal analyst at SiliconSight Research", ("chips",)),
    Person("Annika Voss", "an analyst at Rhein Capital Markets", ("chips", "markets")),
    Person("Helen Okafor", "a senior fellow at the Atlantic Technology Policy Institute", ("policy",)),
    Person("Jordan Castellanos", "a former Commerce Department official now at Whitfield & Shaw", ("policy",)),
    Person("Margaret Lindqvist", "director of the China technology program at the Harborview Council", ("policy", "asia")),
    Person("Samuel Oduya", "a trade lawyer at Castellan LLP", ("policy",)),
    Person("Rafael Quintero", "a machine-learning researcher at the Carroway Institute", ("ai",)),
    Person("Nadia Petrescu", "chief technology officer of the start-up Lumenfold", ("ai",)),
    Person("Chen Yiling", "research director at Lantern Research in Shanghai", ("ai", "asia")),
    Person("Tobias Keller", "an engineer at the Zurich consultancy Brightpath", ("ai",)),
    Person("Aisha Bello", "a professor of computer science at Northfield University", ("ai",)),
    Person("Sunita Mehra", "head of threat research at Northgate Security Labs", ("security",)),
    Person("Ahmed Siddiqui", "a privacy lawyer at Castellan LLP", ("security", "policy")),
    Person("Erin Castellano", "a policy analyst at the Digital Rights Forum", ("security",)),
    Person("Grace Liu", "a partner at Jadeport Ventures in Hong Kong", ("asia", "ai", "markets")),
    Person("Park Min-jun", "an analyst at Hanbit Securities in Seoul", ("asia", "chips")),
    Person("Zhou Wen", "a fund manager at Eastbridge Capital in Shanghai", ("asia", "markets")),
)
# fmt: on


# --------------------------------------------------------------------------- background banks
# Context sentences an article draws on after its news. `{a|b}` picks one, `{a}` may drop a phrase.

BACKGROUND: dict[str, list[str]] = {
    "deepseek": [
        "DeepSeek {was founded|was set up|was spun out} in {2023|July 2023} by Liang Wenfeng{, who also co-founded the quantitative hedge fund High-Flyer|, a co-founder of the hedge fund High-Flyer|}.",
        "{The company|DeepSeek|The start-up} is based in Hangzhou{, the capital of Zhejiang province|, in eastern China|, the same city as Alibaba|}.",
        "DeepSeek has {said little|rarely spoken} publicly about its finances{ and|, and} {it does not|does not} take outside {investors|venture capital}{, relying instead on High-Flyer|, according to people who know the company|}.",
        "{Its|The company's} DeepSeek-V3 model, {released|published} on December 26, {uses|is built on} a mixture-of-experts design with 671 billion parameters{, of which 37 billion are active for each token| but activates only a fraction of them for any given word|}.",
        "{The company said|DeepSeek said|According to its technical report,} the final training run for DeepSeek-V3 {cost about|took roughly} $5.6 million in {rented|computing} time on 2,048 Nvidia H800 chips{, a figure that excludes research and earlier experiments| — a number that leaves out research, staff and failed runs|}.",
        "{The H800|Nvidia's H800} {is a|was a} {slowed-down|deliberately throttled} version of {the H100|Nvidia's flagship H100} {designed|built} for the Chinese market{ before Washington banned its sale in October 2023| and was itself barred from export to China in late 2023|}.",
        "DeepSeek {publishes|releases} {its models|the weights of its models} under {a permissive|an open|the MIT} licence{, which lets anyone download, modify and run them|, so developers can run them on their own hardware|}.",
        "{Its|DeepSeek's} R1 model {uses|relies on} reinforcement learning to {teach|train} the system to {work through|reason about} problems step by step{ before answering| and to check its own work|}.",
        "DeepSeek {charges|asks} {about|roughly} $0.55 per million input tokens {for R1 through its API|to use R1 through its API}{, a small fraction of what OpenAI charges for its o1 model| compared with $15 for OpenAI's o1|}.",
        "The {company's|start-up's} staff {is|are} {mostly young|largely made up of young} graduates from {Chinese universities|Tsinghua, Peking and Zhejiang universities|China's top universities}{, Liang has said in interviews| rather than veterans hired from abroad|}.",
        "DeepSeek {first drew attention|first made waves} in {May 2024|2024} when {it cut prices|its aggressive pricing} {set off|triggered} a price war among Chinese AI {providers|developers}{ including ByteDance, Baidu and Alibaba| that forced larger rivals to follow|}.",
        "{Alongside|Together with} R1, DeepSeek {released|published} {six|several} smaller {distilled|'distilled'} models {built on|based on} Meta's Llama and Alibaba's Qwen{, ranging from 1.5 billion to 70 billion parameters|, small enough to run on a laptop|}.",
        "{The|DeepSeek's} chatbot app{, which runs on DeepSeek-V3 and R1,| } {is free to use|costs nothing to use} and {shows|displays} the model's reasoning {before|ahead of} its answer{, a feature many users said they liked|}.",
        "{Researchers|Some researchers} {have questioned|question} whether the $5.6 million figure {captures|reflects} the {full|true} cost{, noting that High-Flyer had bought thousands of Nvidia chips before export restrictions tightened| of building DeepSeek's models|}.",
        "DeepSeek's name in Chinese {is|reads} 深度求索{, roughly 'deep seeking'|, literally 'deep quest'}.",
    ],
    "highflyer": [
        "High-Flyer{, known in Chinese as 幻方,|} was {founded|started} in 2015 by Liang {and two classmates from Zhejiang University|with university friends}{ to trade Chinese stocks using machine learning|}.",
        "{At its peak|In 2021}, High-Flyer {managed|oversaw} more than 100 billion yuan{, or about $14 billion|, roughly $14 billion at the time|}{, making it one of China's largest quantitative funds|}.",
        "The fund {built|paid for} {its own|two} computing clusters{, called Fire-Flyer,| } {and|, and} {by 2021 had acquired|bought} {about|roughly} 10,000 Nvidia A100 chips{ before Washington restricted their sale to China|, according to Chinese media reports|}.",
        "Liang{, who was born in 1985 in Guangdong province,| } {studied|read} electronic information engineering at Zhejiang University{ before turning to quantitative trading|}.",
        "High-Flyer {said|announced} in 2023 that it would {set up|create} a {separate|dedicated} {research group|lab} to pursue artificial general intelligence{, the unit that became DeepSeek|, which later became DeepSeek|}.",
        "{Chinese regulators|Regulators in Beijing} {tightened rules for|clamped down on} quantitative funds in {2024|early 2024}{, and High-Flyer's returns have been uneven since| after a stock market slump|}.",
        "Liang {has given|has granted} {few|very few} interviews{ and rarely appears in public|, and is little known outside China's tech circles|}.",
        "In a {2024|rare 2024} interview with {the Chinese tech publication 36Kr|a Chinese tech outlet}, Liang said China {should|needed to} {move from being a follower to being|stop being a free rider and become} a contributor to {global|frontier} {innovation|technology}.",
    ],
    "nvidia": [
        "Nvidia {designs|sells} the {graphics processors|chips} used to {train|build} most of the world's {leading AI models|large language models}{, and controls an estimated 80% or more of that market| and holds a dominant share of the market for them|}.",
        "{The company|Nvidia} {became|briefly became} the world's most valuable {company|listed company} in {2024|June 2024}{ as demand for its AI chips soared| on the back of the AI boom|}.",
        "Nvidia's data center revenue{, which includes its AI chips,| } {has more than tripled|has surged} over the past year{ as Microsoft, Meta, Google and Amazon race to build capacity| on orders from the largest cloud providers|}.",
        "{Jensen Huang|Chief executive Jensen Huang}{, who co-founded Nvidia in 1993,| } has {argued|said} that {demand for|spending on} AI computing {will keep growing|has years to run} {as models get bigger|as AI moves from training to everyday use|}.",
        "{Many|Some} analysts {say|argue} {Nvidia's|the company's} {real|biggest} advantage is CUDA{, its software platform,|, the software layer developers use to program its chips,} which {ties|locks} developers to its hardware.",
        "Nvidia's {newest|latest} chips{, built on its Blackwell architecture,| } {began|started} shipping {in volume|to customers} {at the end of 2024|late last year}{ and are made by TSMC in Taiwan|}.",
        "{Under US export controls|Because of US export restrictions}, Nvidia {can only sell|is limited to selling} {cut-down|less powerful} chips such as the H20 in China{, which accounted for about 13% of its revenue last fiscal year|}.",
        "Nvidia {shares|stock} {rose|climbed} {about 170%|roughly 170%} in 2024{ after more than tripling in 2023|, making it one of the best performers in the S&P 500|}.",
        "Nvidia {reports|will report} {results|earnings} for its fiscal fourth quarter on February 26{, with investors watching for signs that demand is holding up|}.",
    ],
    "export_controls": [
        "{Washington|The United States} {first|initially} {restricted|curbed} sales of advanced AI chips {to China|to Chinese buyers} in October 2022{ and tightened the rules a year later|, citing national security|}.",
        "The {rules|export controls} are {written|administered} by the Commerce Department's Bureau of Industry and Security{, known as BIS,| } {which also maintains|which also runs} the Entity List of {companies|foreign firms} that need a licence to buy American technology.",
        "{In December|Last December}, {the Biden administration|Washington} {added|put} 140 {Chinese|mostly Chinese} entities to the Entity List and {restricted|curbed} exports of high-bandwidth memory{, a key component of AI chips|}.",
        "Huawei has been on the Entity List since 2019{, which cut it off from most American chips and software| and has since built its own AI processors|}.",
        "{Supporters|Advocates} of the chip controls {argue|say} they {slow|limit} China's {military|military and AI} {progress|development}{, while critics say they push Chinese firms to build their own supply chains| but critics argue they accelerate Chinese self-sufficiency|}.",
        "The Netherlands and Japan {have imposed|adopted} {their own|similar} export restrictions on chipmaking equipment{ under pressure from Washington|, which hit ASML and Tokyo Electron|}.",
        "{Under|Since} the {2023|October 2023} rules, Nvidia {has been|was} barred from selling its A800 and H800 chips in China{ and designed the H20 to stay below the limits|}.",
    ],
    "diffusion": [
        "The {AI diffusion rule|diffusion rule}{, formally the Framework for Artificial Intelligence Diffusion,| } {divides|splits} the world into three tiers{ of access to advanced chips|}.",
        "{Under the rule|Under the framework}, {18|eighteen} close allies{ including Japan, Britain and the Netherlands| such as Japan and Britain} {face no limits|can buy freely}, while {about 120|roughly 120} other countries {face|are subject to} caps on {how many chips they can import|the computing power they can buy}.",
        "China, Russia and {other|a handful of other} countries under arms embargoes are {effectively|largely} {shut out|cut off} under {the diffusion rule|the framework}.",
        "{The rule|The framework} also {controls|restricts} the export of {the weights of|} {the most advanced closed|advanced closed} AI models{ for the first time|}.",
        "{Companies|Industry} {have|has} 120 days to comment {before|ahead of} {the rule takes effect|compliance becomes mandatory} in May{, leaving the final decision to the Trump administration|}.",
    ],
    "openai": [
        "OpenAI {launched|released} ChatGPT in November 2022{, setting off the current boom in generative AI| and it became the fastest-growing consumer app on record|}.",
        "ChatGPT {had|has} {more than 300 million|over 300 million} weekly {users|active users} {by December|at the end of last year}{, according to OpenAI|}.",
        "Microsoft {has invested|has put} {about|roughly} $13 billion {in|into} OpenAI{ and runs its models on its Azure cloud| since 2019|}.",
        "OpenAI {was valued at|raised money at a valuation of} $157 billion in October{ and is said to be in talks to raise more| in one of the largest private funding rounds on record|}.",
        "{OpenAI's|The company's} o1 {reasoning model|model}{, released in full in December,| } {spends|takes} more time {working through|thinking about} a question before {answering|responding}.",
        "Sam Altman{, OpenAI's chief executive,| } has {said|argued} that {building more advanced|frontier} AI {requires|will require} {enormous|vast} {amounts of computing power|investment in data centers}.",
    ],
    "meta": [
        "Meta {releases|has released} its Llama models with {open|openly available} weights{, letting developers download and adapt them| in a bid to make them an industry standard|}.",
        "{Llama models have been|Llama has been} downloaded {hundreds of millions of times|more than 600 million times}{, according to Meta|, Meta has said|}.",
        "Mark Zuckerberg{, Meta's chief executive,| } has {made|called} AI {the company's|Meta's} {top priority|biggest investment area}{ and said Llama 4 will be released this year|}.",
        'Yann LeCun{, Meta\'s chief AI scientist,| } {wrote|argued} {on Threads|online} that the lesson of DeepSeek was that "open source models are surpassing proprietary ones."',
        "Meta Platforms {said|has said} it {expects|plans} to spend {between $60 billion and $65 billion|$60 billion to $65 billion} on {capital projects|data centers and servers} in 2025{, much of it for AI|}.",
    ],
    "microsoft": [
        "Microsoft {said|announced} {in January|earlier this year} that it {plans|planned} to spend {about|roughly} $80 billion on AI-capable data centers in its {fiscal year|fiscal 2025}{, more than half of it in the United States|}.",
        "Microsoft {is|remains} {OpenAI's largest investor|the biggest backer of OpenAI} and {sells access to|offers} {its models|OpenAI's models} through {its|the} Azure {cloud|platform}.",
        "Satya Nadella{, Microsoft's chief executive,| } {has argued|argued} that {cheaper|more efficient} AI {will|would} {increase|drive up} {demand for computing|overall usage}{, an idea economists call the Jevons paradox|}.",
        "Microsoft also {develops|builds} its own {smaller|compact} models{, known as Phi,|} and {has been diversifying|is broadening} {beyond OpenAI|its sources of AI models}.",
    ],
    "google": [
        "Google {is|has been} {racing|competing} {to catch up with|against} OpenAI{ since ChatGPT's launch|} with its Gemini {family of models|models}{, developed by Google DeepMind|}.",
        "Google DeepMind{, led by Demis Hassabis,| } {combines|brought together} {the company's|Google's} {main AI research teams|two AI labs}{ after a 2023 merger|}.",
        "Google {designs|builds} its own AI chips{, called TPUs,| } {which reduce|reducing} its {reliance|dependence} on Nvidia{ for training Gemini|}.",
        "Sundar Pichai{, chief executive of Alphabet and Google,|} has said {2025|this year} will be a {critical|pivotal} year for {the company's|Google's} AI {products|efforts}.",
    ],
    "tsmc": [
        "TSMC {manufactures|makes} {nearly all|the vast majority of} the world's most advanced {AI chips|processors}{, including Nvidia's| for customers such as Nvidia, Apple and AMD|}.",
        "{Taiwan Semiconductor Manufacturing Co.|TSMC}{, the world's largest contract chipmaker,| } is {building|expanding} {factories|plants} in Arizona{, Japan and Germany| with US subsidies|}.",
        "Demand for TSMC's {advanced packaging|CoWoS packaging}{, which bundles processors with memory for AI chips,|} has {outstripped|exceeded} supply{ for more than a year| since 2023|}.",
        'C.C. Wei{, TSMC\'s chief executive,| } {has said|said} {demand for AI chips|AI demand} is "real" and {expects|forecast} AI accelerator revenue to {double|roughly double} in 2025.',
    ],
    "asml": [
        "ASML{, based in Veldhoven in the Netherlands,| } is the {only|sole} maker of {extreme ultraviolet|EUV} lithography machines{ needed for the most advanced chips| used to print the smallest features on chips|}.",
        "{The Dutch government|The Netherlands} {has|has already} {barred|blocked} ASML from {selling|shipping} its EUV machines to China{ since 2019| under pressure from Washington|}.",
        "China {accounted for|made up} {almost half|nearly half} of ASML's {system sales|sales} in {parts of 2024|2024} as Chinese chipmakers {stockpiled|rushed to buy} older {tools|equipment} {ahead of|before} new {restrictions|export controls}.",
        "Christophe Fouquet{, ASML's chief executive since April 2024,| } {has said|said} {lower|cheaper} AI costs {should|would} {lead to|mean} {more applications and more demand for chips|more chips being needed over time}.",
    ],
    "china_ai": [
        "China's {biggest|largest} technology {companies|groups}{, including Alibaba, Baidu, ByteDance and Tencent,| } {are all|have all been} {developing|building} large language models{ and cutting prices to win users|}.",
        'A {group of|cluster of} {start-ups|younger companies} {dubbed|known as} China\'s "AI tigers"{ — Zhipu, Moonshot AI, MiniMax, Baichuan and StepFun —| } {raised|have raised} billions of {dollars|yuan} {over the past two years|since 2023}.',
        "Chinese {AI developers|labs} have {long|} {complained|said} that {US export controls|American chip restrictions} {leave|left} them {with far less|short of} computing power{ than American rivals|}.",
        "Beijing has made AI {a national priority|a priority in its economic plans}{, with local governments offering subsidized computing power to start-ups|}.",
        '{Chinese regulators require|Beijing\'s internet regulator requires} {chatbots|generative AI services} to {reflect|uphold} "core socialist values"{ and to register with the authorities before launch| and to pass a government review|}.',
    ],
    "alibaba": [
        "Alibaba's Qwen {models|family of models} {are among|rank among} the {most popular|most downloaded} open models{ on Hugging Face|, with more than 90,000 derivative models built on them|}.",
        "Alibaba Cloud{, the group's cloud computing unit,| } is {China's|the country's} largest {cloud provider|cloud computing company}{ by market share|}.",
        "Alibaba {chief executive|CEO} Eddie Wu has made AI {the group's|Alibaba's} {top priority|main focus}{ since taking over in 2023|}.",
    ],
    "huawei": [
        "Huawei {has built|developed} its own {line of|family of} AI {chips|processors}{, called Ascend,| } {after|since} US {sanctions|restrictions} {cut|cut it} off from Nvidia{ and TSMC|}.",
        "Huawei's {latest|newest} {chip|processor}{, the Ascend 910C,| } is {made|manufactured} {by SMIC|at SMIC}{, China's largest chipmaker,| } {using|on} {older|less advanced} {manufacturing|production} technology.",
        "{Analysts|Industry analysts} {estimate|say} {Huawei's|the} Ascend chips {trail|lag} Nvidia's {best|top} {products|chips} {in performance and software|by a generation or more}{ but are improving|}.",
    ],
    "stargate": [
        "Stargate{, the joint venture announced at the White House on January 21,| } {plans|aims} to invest {up to|as much as} $500 billion in {US|American} AI infrastructure {over four years|by 2029}.",
        "SoftBank{, OpenAI, Oracle and the Abu Dhabi fund MGX| and OpenAI} {are|were named as} {the lead|equity} {partners|investors} in Stargate{, with Masayoshi Son as chairman|}.",
        "The first Stargate {data center|site} is {under construction|being built} in Abilene, Texas{, according to the companies|}.",
    ],
    "anthropic": [
        "Anthropic{, founded in 2021 by former OpenAI employees,| } {makes|develops} the Claude {family of|} {models|chatbots}{ and is backed by Amazon and Google|}.",
        "Amazon {has invested|has committed} $8 billion {in|to} Anthropic{, which trains its models on Amazon's cloud and chips|}.",
        "Dario Amodei{, Anthropic's chief executive,| } {argues|has argued} {for strict|in favor of tighter} export controls on {AI chips|advanced chips} to China.",
    ],
    "mistral": [
        "Mistral AI{, founded in Paris in 2023 by former Google DeepMind and Meta researchers,| } is {Europe's|the continent's} {best-funded|most prominent} AI start-up.",
        "{Mistral AI|The French company} {releases|publishes} {many of|several of} its models {with open weights|under open licences}{, like DeepSeek and Meta|}.",
    ],
    "privacy": [
        "DeepSeek's privacy policy {says|states} that {user data|the data it collects}{, including chat history,| } is stored {on servers in|in} {the People's Republic of China|China}.",
        "{Security experts|Critics} {point to|cite} China's 2017 National Intelligence Law{, which requires organizations to cooperate with state intelligence work| as a reason for concern|}.",
        "{The concerns|The worries} {echo|mirror} {those raised|the debate} {about|over} TikTok{, which faces a US ban unless it is sold|}.",
    ],
    "markets": [
        "{The largest|The biggest|A handful of the biggest} US technology companies{, often called the Magnificent Seven,| } {account for|make up} {about a third|roughly a third} of the S&P 500's {value|market value}.",
        "Microsoft, Alphabet, Amazon and Meta {together|combined} {are expected to|plan to} spend {more than $300 billion|well over $300 billion} on {capital expenditures|data centers and equipment} this year.",
        '{Investors|Fund managers} have {poured|piled} {money|billions} into {shares of companies seen as AI winners|the "AI trade"}{, from chipmakers to power utilities| since ChatGPT\'s launch|}.',
        "Power {utilities|producers} such as {Vistra and Constellation Energy|Constellation Energy and Vistra} had {rallied|surged} on {expectations|bets} that AI data centers would {need|consume} {vast|huge} amounts of electricity.",
    ],
}


# --------------------------------------------------------------------------- story beats


@dataclass(frozen=True)
class Event:
    tone: str  # positive | negative | neutral: the tone most coverage of the beat takes
    section: str
    bg: tuple[str, ...]
    domains: tuple[str, ...]  # who gets quoted: keys of Person.domains
    headlines: tuple[str, ...]
    ledes: tuple[str, ...]
    facts: tuple[str, ...]
    quotes: tuple[str, ...] = ()  # spoken by someone from `domains`
    dateline: str = ""


def _event(tone: str, section: str, bg: str, domains: str, **banks: list[str]) -> Event:
    return Event(
        tone,
        section,
        tuple(bg.split()),
        tuple(domains.split()),
        **{k: tuple(v) for k, v in banks.items()},
    )


EVENTS: dict[str, Event] = {}

# ---- W02: Jan 6-12, the baseline

EVENTS["ces_nvidia"] = _event(
    "positive",
    "Tech",
    "nvidia tsmc",
    "chips markets ai",
    headlines=[
        "Nvidia {unveils|shows off} {RTX 50 gaming chips and a desktop AI supercomputer|a $3,000 personal AI supercomputer} at CES",
        "Jensen Huang {uses|turns} CES keynote to {pitch|sell} {'physical AI'|robots, cars and Project Digits}",
        "{Nvidia's CES show|At CES, Nvidia} {bets|doubles down} on {AI everywhere|AI at the desk and on the road}",
        "What Nvidia {announced|launched} at CES{, and why investors cheered| in Las Vegas}",
    ],
    ledes=[
        "Nvidia chief executive Jensen Huang {opened|kicked off} {CES|the Consumer Electronics Show} in Las Vegas on January 6 with {a keynote that ranged from|announcements spanning} gaming chips{, robots| and humanoid robots} and {a desktop|a palm-sized} AI supercomputer{, underlining the company's ambitions beyond the data center|}.",
        "{Nvidia|Jensen Huang} {took|used} the biggest stage {at CES|in Las Vegas} {this week|on Monday} to {argue|make the case} that AI is {moving|spreading} {from data centers into cars, robots and desks|out of the data center and into the physical world}.",
    ],
    facts=[
        "{The company|Nvidia} {unveiled|introduced} {its|the} GeForce RTX 50 series {of graphics cards|gaming chips}{, based on the Blackwell architecture,| } with the {top|flagship} RTX 5090 {priced at|selling for} $1,999.",
        "Huang {also|} {showed|unveiled} Project Digits, a {desktop|small} {computer|machine} {that can run|able to run} AI models with up to 200 billion parameters{, priced from $3,000 and due in May|, starting at $3,000|}.",
        'Nvidia {introduced|launched} Cosmos{, a family of "world foundation models"| — models trained on video —} {meant|designed} to help {robots and self-driving cars|machines} {learn|understand} how the physical world {works|behaves}.',
        "Toyota {will use|said it would use} Nvidia's {Drive|automotive} {computers|chips} in {its next generation of|future} {vehicles|cars}{, Huang said|}.",
        'Huang {told|said to} {the audience|attendees} that "the ChatGPT moment for general robotics is just around the corner."',
        "{Shares of Nvidia|Nvidia's stock} {hit|closed at} a record high {of about $149|} on January 6{ ahead of the keynote| before slipping the next day|}.",
        "{The|Nvidia's} keynote {drew|attracted} {thousands|a packed crowd} {to|at} the Michelob Ultra Arena{, and ran for more than 90 minutes|}.",
        "{Analysts|Some analysts} {said|noted} {the|Nvidia's} {consumer|gaming} announcements {matter|mattered} less {to investors|for the stock} than {any|} {signals|news} about {Blackwell|data center} {supply|shipments}.",
        'Huang {also|} {said|told analysts} that Blackwell {was|is} in "full production"{ and that demand remained strong|}.',
    ],
    quotes=[
        "Project Digits is {a clever way|a smart move} to put Nvidia hardware on every AI developer's desk. {It widens the moat.|It is about software lock-in as much as hardware.}",
        "{CES is a consumer show, but the message was aimed at industry.|The robotics pitch is early, but Nvidia is planting flags everywhere.} {Investors love that.|The market rewarded the ambition.}",
        "The {RTX 50 pricing|pricing on the new cards} was {friendlier than expected|better than many feared}, and {Digits|the desktop machine} {is a genuinely new product category|opens a new market}.",
    ],
)

EVENTS["diffusion_debate"] = _event(
    "negative",
    "Policy",
    "export_controls nvidia",
    "policy chips",
    headlines=[
        "{Chipmakers|Nvidia and cloud providers} {lobby|push} {against|to stop} {Biden's last-minute|a sweeping} AI chip rule",
        "{Industry warns|Tech industry warns} {planned|new} {'AI diffusion'|AI diffusion} rule {would|could} {hand markets to China|backfire}",
        "Biden {team|administration} {readies|prepares} global {caps|limits} on AI chip exports{ despite industry outcry|}",
        "Why a {looming|pending} export rule has {Silicon Valley|the chip industry} {alarmed|up in arms}",
    ],
    ledes=[
        "The Biden administration is {preparing|poised} to {issue|publish} {sweeping|new} export controls that would {cap|limit} {sales of|how many} AI chips {can be sold|companies can sell} to {most countries|much of the world}{, and chipmakers are|, and the chip industry is} {lobbying hard|pushing back hard} {to stop it|before the rule is finalized}.",
        '{With days left in office|In its final days}, the Biden administration {is weighing|is finalizing} {a rule|an "AI diffusion" rule} {that would|to} {regulate|control} the {flow|export} of advanced AI chips {to|around} the world{, drawing fierce criticism from Nvidia|, a move that has alarmed chipmakers|}.',
    ],
    facts=[
        "{The|Such a} rule would {sort|divide} countries into {three|several} tiers{, with close allies facing no limits and most others facing caps|}, according to {people familiar with the drafts|people briefed on it|industry groups that have seen outlines}.",
        "The Semiconductor Industry Association {said|warned} {the|such a} rule {would|could} {cede|hand} {global|important} markets to {competitors|Chinese rivals}{ and was being rushed through without consultation|}.",
        "Nvidia {said|argued} {in a statement|in a blog post} that {the|such a} {rule|proposal} {would|could} do nothing to {improve|protect} US security while {threatening|hurting} {American|US} {leadership|competitiveness}.",
        "Oracle{, which builds data centers for AI customers around the world,| } {also|} {warned|argued} that {the|such a} rule {would|could} {hand|give} the market to Chinese {suppliers|competitors}.",
        "{Commerce Secretary|Outgoing Commerce Secretary} Gina Raimondo has {defended|argued for} {the approach|tighter controls}{, saying the US must keep its lead in AI|}.",
        "{It is|It remains} unclear whether {the incoming Trump administration|President-elect Donald Trump's team} would {keep the rule in place|enforce it}.",
        "{Some|Several} lawmakers {from both parties|} have {urged|pressed} {the administration|Commerce} to {give|allow} {more time|a longer comment period} before {imposing|finalizing} {new|such} {restrictions|rules}.",
    ],
    quotes=[
        "This is {regulation by spreadsheet|an attempt to micromanage the world's data centers}. {It will be very hard to enforce.|Allies will not thank us for it.}",
        "The goal of keeping frontier computing out of China is {reasonable|legitimate}. The question is whether {capping sales to Malaysia or Poland|capping sales to friendly countries} {achieves that|is the right tool}.",
        "{Timing matters|The timing is awkward}: {rushing this out days before an inauguration|publishing this on the way out the door} {invites|guarantees} {a reversal|a rewrite}.",
    ],
)

EVENTS["msft_80b"] = _event(
    "positive",
    "Companies",
    "microsoft openai markets",
    "markets ai",
    headlines=[
        "Microsoft {to spend|plans} $80 billion on AI data centers {this fiscal year|in fiscal 2025}",
        "Microsoft's $80 billion {AI bet|data center plan}{, explained| and what it means for investors}",
    ],
    ledes=[
        "Microsoft {plans to spend|will spend} {about|roughly} $80 billion in its fiscal year {on data centers built for|to build data centers for} artificial intelligence, {vice chair|president} Brad Smith {wrote|said} in a {blog post|company blog post}{, underscoring the scale of Big Tech's AI spending|}.",
        "{The AI spending race shows no sign of slowing|Big Tech's AI spending is still accelerating}: Microsoft {says|said} it will {invest|spend} {about|some} $80 billion on AI-enabled data centers in the fiscal year that ends in June.",
    ],
    facts=[
        "More than half of the {spending|investment} will {be in|go to} the United States, {Smith|Brad Smith} wrote{, calling it a vote of confidence in the American economy|}.",
        "{The|That} figure {compares|compared} with about $50 billion {in|of} capital expenditures {in|during} {its|Microsoft's} {previous|last} fiscal year{, according to company filings|}.",
        "{Smith|Brad Smith} {also|} {urged|called on} the {incoming administration|Trump administration} to {avoid|steer clear of} {heavy-handed|burdensome} {regulation|rules} and to {promote|back} {the export of|exports of} American AI{ to allies|}.",
        "Microsoft's {Azure|cloud} {business|unit} has {struggled|been unable} to {meet|keep up with} demand for AI {computing|capacity}{, executives have said|}.",
        "{Investors|Shareholders} have {questioned|asked} how {quickly|soon} {the spending|such outlays} will {pay off|translate into revenue}{, and Microsoft shares lagged the Nasdaq in 2024|}.",
    ],
    quotes=[
        "Eighty billion is an enormous {number|commitment}, but it is {consistent|in line} with what {the|Microsoft's} capacity constraints {have been telling us|imply}.",
        "{The message to investors|The signal} is that Microsoft {still|} {sees|expects} {demand|returns} well ahead of supply. {That is bullish for Nvidia too.|Nvidia will be pleased.}",
    ],
)

EVENTS["deepseek_v3"] = _event(
    "positive",
    "AI",
    "deepseek highflyer china_ai export_controls",
    "ai asia",
    headlines=[
        "{How DeepSeek trained a frontier-class model|How DeepSeek-V3 was trained} for $5.6 million",
        "DeepSeek-V3 {is|looks like} the {most efficient|cheapest} frontier model yet{. What's the catch?|}",
        "{The Chinese lab|A Chinese lab} {nobody|few people} {expected|noticed}: {DeepSeek's|inside DeepSeek's} V3 model",
        "{Reading|Notes on} the DeepSeek-V3 technical report",
    ],
    ledes=[
        "DeepSeek, a {little-known|relatively obscure} AI lab in Hangzhou, {released|published} DeepSeek-V3 {just after Christmas|on December 26}, and {its|the accompanying} technical report has {become required reading|been picked over} {among|by} AI {researchers|engineers} {since|over the holidays}.",
        "{Over the holidays|At the end of December}, {the Chinese lab|Chinese start-up} DeepSeek {released|put out} an open model called DeepSeek-V3 that {matches|rivals} {leading|top} American systems on {many|several} benchmarks{ and says it was trained for a fraction of the usual cost|}.",
    ],
    facts=[
        "{The|DeepSeek's} report {describes|lays out} {several|a series of} {engineering|efficiency} tricks{, including training in 8-bit floating point and a new way of balancing work among experts,|} {that|which} {let the team|allowed the team to} {squeeze|get} more out of {fewer|limited} chips.",
        "{On|In} {benchmarks|standard tests} {of coding and math|for math and coding}, DeepSeek-V3 {scores|performed} {close to|on par with} OpenAI's GPT-4o and Anthropic's Claude 3.5 Sonnet{, according to the company|}.",
        '{Andrej Karpathy|OpenAI co-founder Andrej Karpathy}{, a founding member of OpenAI,| } {called|described} {the|DeepSeek\'s} {result|achievement} {a|} "very nice and detailed tech report" and {noted|said} that {it|the model} {was trained|had been built} {on|with} a {"joke of a budget"|tiny budget}.',
        "{The model weights are|Its weights are} {free to download|available to download}{ from Hugging Face|}, and the API costs a fraction of what Western rivals charge.",
        "{Some|A few} {researchers|observers} {cautioned|warned} that {benchmark|test} scores {can|may} {overstate|flatter} {a model's|real-world} {ability|usefulness}{, and that V3 sometimes identifies itself as ChatGPT|}.",
        "{Because|Since} {US export controls|the chip controls} {limit|restrict} {what DeepSeek can buy|its access to top chips}, {the lab|DeepSeek} {had to|was forced to} {optimize|engineer} {around|for} {bandwidth|slower interconnects}{, the report suggests|}.",
    ],
    quotes=[
        "{The interesting part is not the benchmark table.|Forget the leaderboard numbers.} {It is the systems engineering: they clearly squeezed every cycle out of the H800s.|The engineering under constraint is what impresses me.}",
        "If the cost figure holds up{, even roughly,| } it {changes|resets} {assumptions about|the economics of} {who can build|building} frontier models.",
        "{Chinese labs were written off a year ago.|A year ago everyone said China was two years behind.} {That looks wrong now.|V3 says otherwise.}",
    ],
)

EVENTS["google_reorg"] = _event(
    "neutral",
    "AI",
    "google openai",
    "ai markets",
    headlines=[
        "Google {moves|folds} {more AI teams|its AI Studio and Gemini API teams} into DeepMind",
        "Google {reshuffles|reorganizes} {its AI teams|AI product groups} {under|around} DeepMind{ as Gemini push intensifies|}",
    ],
    ledes=[
        "Google is {moving|shifting} {more of its|several} AI {product|developer} teams{, including the group behind AI Studio and the Gemini API,| } into Google DeepMind, {the company told employees|according to an internal memo}{, as it tries to speed up its work on Gemini|}.",
    ],
    facts=[
        "The {reorganization|change} {puts|brings} {research and product work|model research and developer tools} {under one roof|closer together}{, executives said|}.",
        "Logan Kilpatrick{, who leads product for AI Studio,| } {said|wrote} {online|on X} that the move {would|should} {help|let} {the team|developers} {move faster|ship faster}.",
        "Google {released|put out} an {experimental|early} reasoning model{ called Gemini 2.0 Flash Thinking| based on Gemini 2.0} in December{ in response to OpenAI's o1|}.",
        "{The|This} {shake-up|reshuffle} is the latest in a {series|string} of {reorganizations|moves} at Google since {ChatGPT's launch caught the company off guard|the launch of ChatGPT took the company by surprise}.",
        "{Investors|Analysts} {have warmed to|have grown more confident in|warmed to} Google's AI {strategy|progress}{, and Alphabet shares rose about 35% in 2024|}.",
    ],
    quotes=[
        "{Putting the API team next to the model team is overdue.|This is overdue.} {Developers have complained about the gap for a year.|The feedback loop gets shorter.}",
        "{Google has the talent and the chips.|Google has everything it needs.} {The question has always been execution and speed.|Speed has been the problem.}",
    ],
)

EVENTS["meta_llama"] = _event(
    "neutral",
    "AI",
    "meta openai",
    "ai",
    headlines=[
        "{Meta bets|Zuckerberg bets} Llama {will|can} become the {Android|Linux} of AI",
        "{Fine-tuning|Tuning} Llama {for|on} {your own data|internal documents}: {a practical guide|what we learned}",
        "Meta's Llama {roadmap|plans} {for 2025|this year}{: bigger models, more agents| and the open-weights debate}",
    ],
    ledes=[
        "Meta {is betting|has bet} that {giving away|openly releasing} its Llama models will {make them|turn them into} the {default|standard} {platform|foundation} for AI{ development|}, {and|} {Mark Zuckerberg|its chief executive} {said|says} {this year|2025} {will|could} {prove|test} {the strategy|that bet}.",
        "{Open-weight models|Openly released models} like Meta's Llama {let teams|allow developers to} {adapt|fine-tune} a {capable|strong} model {to their own|on private} data without {sending it|sending anything} to {a third party|an outside API}.",
    ],
    facts=[
        "{Zuckerberg|Mark Zuckerberg} {told podcaster Joe Rogan|said in an interview} {in January|this month} that AI {systems|} at Meta{ and other companies|} {could soon|would in 2025} {do the work of|perform the job of} a mid-level engineer.",
        "Meta {released|published} Llama 3.3{, a 70 billion parameter model,| } in December{ and has said Llama 4 is in training|}.",
        "{For|In} {our tests|our experiment}, {we fine-tuned|we adapted} the {8 billion|eight billion} parameter Llama model{ on a single GPU| using LoRA adapters|} {in a few hours|overnight}.",
        "{The|Llama's} licence {allows|permits} {commercial use|companies to use the models commercially} {but|though it} {requires|asks} {very large services|services with more than 700 million users} to {seek|request} {a separate licence|permission from Meta}.",
        "{Critics|Some open-source advocates} {argue|say} {Llama is not truly open source|the Llama licence is not truly open} {because|since} {Meta|the company} {does not publish|withholds} {its|the} training data.",
    ],
    quotes=[
        "Llama {made it|has made it} normal for {companies|enterprises} to {run|host} {their own|capable} models. {That is a big shift from two years ago.|That was not a given.}",
        "{Open weights are a distribution strategy.|For Meta, openness is strategy, not charity.} {Every developer who learns on Llama is a developer who is not locked into OpenAI.|It commoditizes the rivals.}",
    ],
)

# ---- W03: Jan 13-19

EVENTS["diffusion_rule"] = _event(
    "negative",
    "Policy",
    "diffusion export_controls nvidia",
    "policy chips markets",
    headlines=[
        "US {unveils|issues} {sweeping|global} AI chip export {rule|framework}, {splitting|dividing} world into three tiers",
        "{Biden's|The} AI diffusion rule {is out|arrives}: {who can buy|what it means for} Nvidia chips",
        "{Nvidia slams|Nvidia blasts} {'unprecedented and misguided'|new} export {curbs|rule} as Washington {caps|limits} AI chip sales",
        "{Allies bristle|Europe bristles} as US {caps|rations} AI chips {for|to} {much of the world|120 countries}",
        "{Chip stocks slip|Chipmakers fall} {after|as} {Washington unveils|US announces} {new|global} export {controls|limits}",
        "{Inside|Explainer:} the {1,000-page|sweeping} {framework|rule} {that rations|rationing} AI {computing|chips}",
    ],
    ledes=[
        "The Commerce Department {on January 13|on Monday} {issued|published} {sweeping|new} export controls {that limit|limiting} {how many|the number of} advanced AI chips {can be sold|companies can sell} to most countries, {a final bid by|in a final move by} the Biden administration to keep {the technology|cutting-edge AI} out of China's reach.",
        "{Washington|The Biden administration} {has|} {rolled out|unveiled} {a global system of|worldwide} {caps|quotas} on AI chip exports{, known as the AI diffusion rule,|,} {drawing|prompting} {sharp|angry} criticism from Nvidia and {concern|unease} among {allies|US allies} {left out of|excluded from} the top tier.",
        "{The|A} {long-awaited|much-debated} {AI diffusion rule|export rule} {is|has been} published, and {chipmakers|the chip industry} {are|is} {furious|unhappy}: {the|this} {framework|rule} {caps|limits} {sales of|exports of} {Nvidia's|advanced} {processors|chips} to {about 120|roughly 120} countries.",
    ],
    facts=[
        'Ned Finkle{, Nvidia\'s vice president of government affairs,|} {called the rule|described the rule as} "unprecedented and misguided"{ and said it would "derail innovation and economic growth worldwide"| in a blog post|}.',
        "{Commerce Secretary|Outgoing Commerce Secretary} Gina Raimondo {said|told reporters} the {rule|framework} {was designed to|would} {keep|ensure} {the most advanced AI|frontier AI} {developed and deployed|built} in the United States and {among|with} {trusted|close} allies.",
        '{Companies based in|Firms headquartered in} {top-tier|allied} countries{ such as Microsoft and Google| like the big US cloud providers} {can apply|may apply} for {a special status|"validated end user" status} {that lets them|allowing them to} {build|deploy} {data centers|computing capacity} {abroad|in other countries}{ under strict conditions|}.',
        "The European Commission {said|expressed} {it was|} {concerned|concern} {that|because} {some EU members|several EU member states}{, including Poland and Portugal,| } {fell|were placed} {into|in} the {second tier|middle tier}{ and called for all EU countries to be treated equally|}.",
        "{Orders|Purchases} {of|for} {fewer than 1,700|small numbers of} {chips|advanced GPUs} {do not count|are exempt} {against|from} {the|national} caps{, a carve-out aimed at universities and small businesses|}.",
        "{Shares of Nvidia|Nvidia stock} {fell|slipped} {about 2%|2%} {after|following} the {announcement|publication}{, while Oracle also declined| before recovering later in the week|}.",
        "The rule {gives|leaves} {the incoming administration|President-elect Trump's team} {until May|120 days} {before|until} {most requirements|its requirements} {take effect|become binding}{, so it could be rewritten or scrapped|}.",
        "{Industry groups|Trade groups}{, including the Information Technology Industry Council,|} {said|complained} they {had|were given} {little|no} {chance|opportunity} to {comment|weigh in} on {the rule|a rule of this scale}.",
        "{The|This} {framework|rule} {also sets|sets} {limits|a threshold} on {exporting|sharing} the weights of {closed|proprietary} models trained with more than {10^26|10 to the 26th} {operations|computing operations}{, though open-weight models are exempt|}.",
    ],
    quotes=[
        "{This is the most ambitious export control the US has ever attempted.|Nobody has ever tried to ration computing power globally before.} {Enforcement will be the hard part.|The devil will be in the licensing.}",
        "Putting {Poland|NATO allies} in the same {bucket|tier} as {much of the developing world|countries of concern} {is a diplomatic own goal|sends a terrible signal}.",
        "The {market reaction|stock reaction} {was muted|has been modest} because {everyone|investors} {expects|expect} the Trump administration to {rewrite|revisit} {it|much of this}.",
        "{Nvidia's|The} {anger|fury} {is understandable|makes sense}: {its|the} {growth|biggest growth} {outside the US|in sovereign AI} {is exactly what gets capped|now runs through a licensing office}.",
        "For {Gulf states|the Gulf} and {Southeast Asia|Southeast Asian data center hubs}{, this is a big deal|, the caps bite hard}. {They were planning enormous data centers.|Plans for huge clusters now need Washington's blessing.}",
    ],
)

EVENTS["entity_list"] = _event(
    "negative",
    "Trade",
    "export_controls huawei tsmc",
    "policy chips",
    headlines=[
        "US {adds|puts} Zhipu AI{ and Sophgo| and two dozen Chinese firms} {to|on} Entity List",
        "Commerce {tightens|targets} {foundry|chip contract manufacturing} rules {after|following} {Huawei|TSMC} {chip|die} {discovery|scandal}",
        "{New|Fresh} Entity List {additions|listings} {hit|target} Chinese AI {start-up|labs}",
    ],
    ledes=[
        "The Bureau of Industry and Security {on January 15|on Wednesday} {added|placed} {about two dozen|25} Chinese {entities|companies}{, including the AI start-up Zhipu and the chip designer Sophgo,| } to {the|its} Entity List {and tightened|while tightening} {rules|due-diligence rules} for {contract chipmakers|foundries} {such as|like} TSMC.",
        "{In another move|In its latest action} {in its final week|days before the inauguration}, the Biden administration {put|placed} {the Chinese AI developer Zhipu|Zhipu AI} {and|along with} {other|other Chinese} firms on the Entity List{, barring them from buying American technology without a licence|}.",
    ],
    facts=[
        "Sophgo {was|had been} {linked|tied} to a Huawei {processor|AI chip} {that|which} {was found to contain|contained} a {die|component} {made by TSMC|manufactured by TSMC}{, in apparent violation of the controls|, according to a teardown by TechInsights|}.",
        "TSMC {said|has said} it {halted|stopped} shipments to Sophgo {after|when} {it learned of|learning of} the {issue|problem} {and notified|and informed} {the US authorities|Commerce}.",
        "Under the {new|tightened} foundry {rule|rules}, chipmakers {must|will have to} {check|verify} {more carefully|} whether {chips made at|designs for} {16 nanometers or below|advanced nodes} {end up|could end up} with {restricted|blacklisted} {buyers|customers}.",
        "Zhipu said the {decision|listing} {lacked a factual basis|was without factual basis}, adding that it would {not have a substantial impact|have little effect} on its business.",
        "China's commerce ministry {said|vowed} it {would|will} {take necessary measures|respond} to {protect|safeguard} {the rights|the interests} of Chinese companies.",
    ],
    quotes=[
        "{The Sophgo case showed how porous the system is.|The TSMC episode was a wake-up call.} {Foundries cannot see where a die ends up unless they are made to look.|The burden now shifts to the foundries.}",
        "{Listing an AI model developer is new.|Going after a model developer directly is a step change.} {It signals that AI labs, not just chipmakers, are now in scope.|It will not be the last.}",
    ],
)

EVENTS["tsmc_q4"] = _event(
    "positive",
    "Foundry",
    "tsmc nvidia export_controls",
    "chips markets asia",
    headlines=[
        "TSMC {profit jumps|profit surges} 57% on AI chip {demand|boom}{, beats forecasts|}",
        "TSMC {plans|sets} {record|up to $42 billion in} capital spending {as|while} AI {orders soar|demand surges}",
        "TSMC {says AI accelerator revenue will double|sees AI accelerator revenue doubling} in 2025",
        "{Five takeaways|What we learned} from TSMC's {fourth-quarter|Q4} {earnings call|results}",
    ],
    ledes=[
        "TSMC {on January 16|on Thursday} {reported|posted} a 57% {jump|rise} in fourth-quarter {net profit|profit}{ to a record NT$374.7 billion|, beating analyst estimates,} {and|as it} {forecast|predicted} {another year of|continued} strong {growth|demand} {driven by|thanks to} AI.",
        "{Taiwan Semiconductor Manufacturing Co.|The world's largest contract chipmaker} {delivered|posted} {record|blowout} fourth-quarter {results|earnings} and {said|told investors} it {would|will} {spend|invest} {between $38 billion and $42 billion|as much as $42 billion} {this year|in 2025}{, easing worries about an AI slowdown|}.",
    ],
    facts=[
        "{Revenue|Quarterly revenue} {rose|climbed} {about 37%|nearly 39%} {to|in US dollar terms to} {about|roughly} $26.9 billion{, at the top of the company's guidance|}.",
        "{Chips made with|Products using} {7 nanometer and more advanced|advanced} {technologies|processes} {accounted for|made up} 74% of {wafer revenue|sales}{, the company said|}.",
        "C.C. Wei {said|told analysts} {TSMC|the company} {expects revenue from AI accelerators to double|sees AI accelerator revenue doubling} {this year|in 2025}{ and growing at a mid-40s percent rate annually over five years|}.",
        "Wei {also said|said} {the company's|TSMC's} {factory|plant} in Arizona {had begun|has started} {volume|mass} production{ with yields comparable to Taiwan|}.",
        "{TSMC|The chipmaker} {said|noted} {it|that it} {was|is} {complying|fully complying} with {new|the latest} US export {rules|controls} {and|, and that} {it expected|it expects} {a limited|only a modest} {impact|effect}{ from the diffusion rule|}.",
        "TSMC's Taiwan-listed shares {rose|gained} {more than 2%|about 2%} {the next day|on Friday}{, while its US-listed shares hit a record| and lifted the Taiex|}.",
    ],
    quotes=[
        "{TSMC just told us the AI build-out is accelerating, not slowing.|The guidance kills the bear case for now.} {The capex number was the tell.|Capex of that size is a statement.}",
        "{Arizona yields matching Taiwan was the surprise of the call.|The Arizona update matters politically.} {That helps TSMC in Washington.|It buys goodwill with the new administration.}",
        "{Everything about the quarter was strong.|It was hard to find a weak spot.} {The only risk is policy: tariffs and export rules.|The worry now is geopolitics, not demand.}",
    ],
)

EVENTS["openai_blueprint"] = _event(
    "neutral",
    "AI",
    "openai microsoft stargate",
    "ai policy",
    headlines=[
        "OpenAI {publishes|releases} 'economic blueprint,' {urges|pushes} US to {win|out-build China in} AI",
        "ChatGPT {gets|adds} {scheduled tasks|reminders and scheduled tasks}{ in push toward agents|}",
        "OpenAI {courts|woos} {Washington|the Trump administration} {with|in} {policy|new policy} {blueprint|proposals}",
    ],
    ledes=[
        'OpenAI {on January 13|this week} {published|released} {what it called|} an "economic blueprint" {urging|calling on} the US government to {back|support} {massive|huge} investment in {AI infrastructure|chips, data and energy} to {stay ahead of|out-compete} China.',
        'OpenAI {is adding|has added} a {feature called Tasks|"Tasks" feature} to ChatGPT that {lets users|allows users to} {schedule|set up} {reminders and recurring|future} {jobs|actions}{, a small step toward the autonomous "agents" the company has promised|}.',
    ],
    facts=[
        "The {blueprint|document} {argues|says} that {there are|there's} {$175 billion|about $175 billion} in global funds {waiting|ready} to be invested in AI {projects|infrastructure}{ and that if the US does not attract it, the money will flow to China-backed projects|}.",
        "OpenAI {also|} {proposed|called for} {rules|a system} {to limit|limiting} {exports|the export} of {frontier|advanced} models to {adversaries|countries such as China}{ while allowing allies access|}.",
        "Chris Lehane{, OpenAI's head of global affairs,| } {said|told reporters} the company {wanted|hoped} to {work with|help} the {incoming|new} administration{ on energy and infrastructure|}.",
        "{Tasks|The feature} {is|was} {available|rolling out} {first|initially} {to|for} {paying|Plus, Pro and Team} subscribers{, OpenAI said|}.",
        "Sam Altman {is expected to|will} attend {Donald Trump's|the} inauguration{ on January 20|}{, after donating $1 million to the inaugural fund|}.",
    ],
    quotes=[
        "The blueprint {reads like|is} {a pitch to the next administration|a lobbying document}, {and that is fine|which is the point}. {The energy asks are the serious part.|Power is the real bottleneck.}",
        "{Tasks is small|Scheduling is a modest feature}, but {it is|it's} the {first|} {piece|building block} of {agents that act on your behalf|software that acts without being asked}.",
    ],
)


# ---- W04: Jan 20-26, DeepSeek-R1

EVENTS["r1_release"] = _event(
    "positive",
    "AI",
    "deepseek highflyer openai china_ai",
    "ai asia",
    headlines=[
        "DeepSeek {releases|launches} R1{, an open reasoning model that rivals OpenAI's o1| reasoning model, claims parity with OpenAI o1}",
        "{China's|Chinese start-up} DeepSeek {matches|takes on} OpenAI o1 with {open-source|open} R1 model",
        "DeepSeek-R1 is {here|out}: {what the benchmarks say|how it compares with o1}",
        "DeepSeek's R1 {shows|suggests} {reasoning models|frontier AI} {can be|is} {cheap|built cheaply}",
        "{Hands-on|First look}: DeepSeek-R1 {thinks out loud|shows its work}{, and it's good|}",
        "DeepSeek {prices R1 at a fraction of OpenAI's rates|undercuts OpenAI o1 on price}",
        "{Why|How} DeepSeek {trained|taught} R1 to reason {with|using} {pure|mostly} reinforcement learning",
        "{A Chinese lab just|DeepSeek just} {open-sourced|released} {a rival to|an answer to} OpenAI's {best|top} model",
    ],
    ledes=[
        "DeepSeek{, a Hangzhou-based AI lab backed by the hedge fund High-Flyer,| } {on January 20|on Monday} {released|published} DeepSeek-R1, a reasoning model {that it says|it says} {matches|performs on par with} OpenAI's o1 on {math, coding and reasoning|key} {benchmarks|tests}{, and made it freely available under an open licence|}.",
        "{A Chinese|The Chinese} start-up DeepSeek {has|} {released|put out} {an open|a freely downloadable} reasoning model, DeepSeek-R1, {that|which} {rivals|goes toe to toe with} OpenAI's {o1|most advanced publicly available model} {at a fraction of the price|while costing far less to use}.",
        "{DeepSeek-R1|R1, the new model from DeepSeek,} {is|arrived as} the {first|first openly released} model to {credibly|} {match|rival} OpenAI's o1 {on reasoning|at step-by-step reasoning}, and {its|the} {release|launch} {has|} {lit up|electrified} AI {researchers|circles} {from Silicon Valley to Beijing|on both sides of the Pacific}.",
    ],
    facts=[
        "{On|In} the AIME 2024 {math competition benchmark|math test}, R1 {scored|achieved} 79.8%{, slightly ahead of o1| compared with 79.2% for OpenAI's o1|}, {according to|based on} {the company's|DeepSeek's} {technical paper|own figures}.",
        "DeepSeek {said|reported} {that|} {an early version|a precursor}{, R1-Zero,| } {learned to|began to} reason {through|via} reinforcement learning alone{, without examples written by humans| — spontaneously learning to re-check its work|}.",
        '{The|DeepSeek\'s} {paper|technical report} {describes|mentions} {an "aha moment"|a so-called aha moment} {in which|when} the model {learned|began} to {stop|pause} and {reconsider|re-evaluate} {its approach|an answer} {mid-problem|during training}.',
        "{The model|R1} {is released|is available} under the MIT licence, {which|and it} {allows|permits} commercial use{ and the distillation of its outputs into other models|}.",
        "{Through|On} DeepSeek's API, R1 {costs|is priced at} $0.55 per million input tokens and $2.19 per million output tokens{, compared with $15 and $60 for o1|}.",
        "{On the Codeforces programming benchmark|In competitive programming tests}, R1 {reached|scored} {a rating|an Elo rating} {above|higher than} {96%|96.3%} of human {participants|entrants}{, DeepSeek said|}.",
        "{Unlike|In contrast with} {o1|OpenAI's o1}, {which hides|which conceals} {its|the} {raw|full} {chain of thought|reasoning}, R1 {shows|displays} {users|} {its|the} reasoning {in full|before answering}.",
        "{Within days|Within a day}, {developers|programmers} {had|} {uploaded|published} {hundreds of|scores of} {variants|fine-tuned versions} of R1 {to|on} Hugging Face{, the model-sharing site|}.",
        "DeepSeek {also|} {released|published} {six|smaller} distilled models {based on|built on} Qwen and Llama{, which can run on a single consumer graphics card| that run on ordinary laptops|}.",
        "{The release|R1's release} {came|landed} {on the same day as|hours before} {Donald Trump's inauguration|the inauguration in Washington}{, a coincidence that did not go unnoticed online|}.",
        '{Jim Fan|Nvidia senior research scientist Jim Fan} {wrote|said} {on X|online} that DeepSeek was {"keeping the original mission of OpenAI alive"|keeping the original OpenAI mission alive} by publishing {truly open|open} research.',
        "{When asked about|Asked about} {sensitive topics such as|politically sensitive subjects like} {the 1989 Tiananmen Square crackdown|Tiananmen Square}, {the hosted version of R1|DeepSeek's chatbot} {declines|refuses} to answer{, in line with Chinese rules|}.",
    ],
    quotes=[
        "{I have read the R1 paper three times.|The R1 paper is remarkably candid.} {The reinforcement learning recipe is simple, which is exactly why it is so impressive.|What they found is that you do not need a mountain of human-written reasoning data.}",
        "{This is the first open model I would actually put in front of customers for hard reasoning tasks.|For the first time an open model is competitive at the frontier.} {The price makes the decision easy.|At that price, the decision is easy.}",
        "{It is an excellent piece of work.|It is a genuinely impressive result.} {Chinese labs have been underestimated.|People kept saying China was behind, and that is no longer true.}",
        "{We swapped R1 into our coding pipeline on Tuesday.|We ran R1 through our internal evals.} {It held up remarkably well against o1.|It beat our previous default on math-heavy tasks.}",
        "{The openness is the story.|Publishing the weights is the real news.} {Anyone can now study a reasoning model from the inside.|It turns reasoning models into a commodity.}",
        "{The benchmarks look great, but we should wait for independent testing.|Benchmarks are one thing; real workloads are another.} {Still, the direction is clear.|Even so, this is a serious model.}",
    ],
    dateline="HANGZHOU, China",
)

EVENTS["stargate"] = _event(
    "neutral",
    "Tech",
    "stargate openai microsoft nvidia",
    "ai markets policy",
    headlines=[
        "Trump {announces|unveils} $500 billion Stargate AI {venture|project} with OpenAI, SoftBank and Oracle",
        "Stargate: {what we know|the key questions} about the $500 billion AI {infrastructure|data center} plan",
        "{Musk questions|Elon Musk casts doubt on} Stargate {funding|financing}{, Altman fires back|}",
        "Oracle {shares jump|stock soars} {on|after} Stargate {announcement|news}",
        "{Stargate reshapes|The Stargate plan changes} {Microsoft's ties with OpenAI|the Microsoft-OpenAI partnership}",
        "{SoftBank's Son to chair Stargate|SoftBank's Son bets big on Stargate}",
    ],
    ledes=[
        "President Donald Trump {on January 21|on Tuesday} {announced|unveiled} {a joint venture|a new company} called Stargate {that will|that plans to} invest up to $500 billion in {AI infrastructure|data centers} in the United States, {with|backed by} OpenAI, SoftBank and Oracle.",
        "{OpenAI, SoftBank and Oracle|Three of the biggest names in tech} {stood|appeared} {alongside|with} President Trump at the White House to {launch|announce} Stargate, {a $500 billion|a half-trillion-dollar} {venture|project} to build {data centers|the computing backbone} for {artificial intelligence|AI} {in the US|on American soil}.",
    ],
    facts=[
        "{The partners|The companies} {said|pledged} they would {deploy|invest} $100 billion {immediately|right away}{ and the rest over the next four years|}.",
        "SoftBank {will have|has} financial responsibility {for the venture|} and OpenAI {operational responsibility|will run operations}{, the companies said|}, with Masayoshi Son {as|serving as} chairman.",
        "{Technology partners include|The technology partners are} Arm, Microsoft, Nvidia, Oracle and OpenAI{, according to an OpenAI blog post|}.",
        'Elon Musk{, a Trump adviser and OpenAI rival,| } {wrote|posted} {on X|online} that {the backers|they} "don\'t actually have the money," {a claim|an assertion} Sam Altman {disputed|rejected}.',
        "{Altman|Sam Altman} {said|told reporters} {at the White House|} that Stargate {would|will} {help|enable} {AI that could cure diseases|breakthroughs in medicine}{, calling it the most important project of this era|}.",
        "{Larry Ellison|Oracle chairman Larry Ellison} said {the first data centers were already being built|construction was already under way} in Abilene, Texas{, with 10 buildings planned|}.",
        "Microsoft {said|confirmed} {it|that it} {would no longer be|was no longer} OpenAI's exclusive {cloud provider|compute provider}{, but retains a right of first refusal on new capacity|}.",
        "{Oracle shares|Shares of Oracle} {rose|jumped} {about 7%|7%} {on January 22|the next day}{, and SoftBank's stock climbed 10% in Tokyo|}.",
        "{The announcement came|It came} {a day after|one day after} Trump {revoked|rescinded} {his predecessor's|Joe Biden's} {executive order on AI safety|AI executive order}.",
    ],
    quotes=[
        "{Five hundred billion is an aspiration, not a budget.|The $500 billion is a headline number.} {The first hundred billion is what to watch.|Watch the first $100 billion.}",
        "{For OpenAI, this is about independence from Microsoft.|The real story is OpenAI loosening its ties to Microsoft.} {It needs more compute than any one partner can give.|No single cloud can feed it.}",
        "{The scale is staggering,|It is an astonishing amount of money,} {and it tells you the industry still believes that more compute wins.|and it assumes that compute demand only goes up.}",
        "{Power is the bottleneck nobody mentioned at the podium.|Where does the electricity come from?} {Texas has the land, but the grid is another matter.|That question will decide the timeline.}",
    ],
    dateline="WASHINGTON",
)

EVENTS["liang_li_qiang"] = _event(
    "positive",
    "China",
    "deepseek highflyer china_ai",
    "asia policy",
    headlines=[
        "DeepSeek founder Liang Wenfeng {joins|attends} {Premier Li Qiang's|Li Qiang} {symposium|meeting} {with experts|in Beijing}",
    ],
    ledes=[
        "Liang Wenfeng, the founder of DeepSeek, {attended|took part in} a {closed-door|} symposium {hosted|chaired} by Premier Li Qiang {on January 20|on Monday}{ to gather views on the government's annual work report|}, {according to|as reported by} {state broadcaster CCTV|Chinese state media}.",
    ],
    facts=[
        "{Liang|The DeepSeek founder} was {the only|one of the few} {AI entrepreneur|technology executives} at the {gathering|meeting}{, which included scientists, educators and business people|}.",
        "{State media|CCTV} {footage|images} {showed|featured} Liang {speaking|seated} at the {table|meeting}{, a rare public appearance for the reclusive executive|}.",
        "{The appearance|The invitation} {was seen|has been read} {as|by analysts as} a {sign|signal} of {official|Beijing's} {support|approval} for {DeepSeek|the company} {and for homegrown AI|}.",
        "{The meeting|The symposium} {took place|came} {on the same day|the day} DeepSeek {released|published} its R1 {model|reasoning model}.",
    ],
    quotes=[
        "{Being invited by the premier is a big deal in China.|In China, a seat at that table matters.} {It tells everyone that DeepSeek has official backing.|It is a signal to investors and local governments.}",
        "{Liang has been almost invisible in public.|He almost never appears in public.} {This was a deliberate choice to show him.|The state media coverage was deliberate.}",
    ],
    dateline="BEIJING",
)

EVENTS["r1_praise"] = _event(
    "positive",
    "AI",
    "deepseek openai meta china_ai",
    "ai markets asia",
    headlines=[
        "DeepSeek {app|chatbot} {climbs|surges up} App Store charts as {R1 buzz|praise for R1} {spreads|grows}",
        "Marc Andreessen {calls DeepSeek-R1|hails DeepSeek-R1 as} {'AI's Sputnik moment'|a 'Sputnik moment'}",
        "Silicon Valley {can't stop talking about|is obsessed with} DeepSeek",
        "{Is DeepSeek|DeepSeek:} {the|a} {wake-up call|shock} {for|to} {American AI|US AI labs}{?|}",
        "{Why|How} {a $6 million model|DeepSeek} {rattled|spooked} {Silicon Valley|the AI establishment}",
        "{We tried|Trying} the DeepSeek app that {everyone is downloading|is topping the charts}",
    ],
    ledes=[
        "{Over the weekend|By January 26}, DeepSeek's {free|} {AI assistant|chatbot app} {had|} {climbed|jumped} {toward|to} the top of {Apple's|the US} App Store {rankings|charts}{, overtaking ChatGPT| as praise for its R1 model spread}, {capping|in} a week in which {the Chinese lab|DeepSeek} became {the talk of|the main topic in} Silicon Valley.",
        "{Venture capitalist|Investor} Marc Andreessen {on January 26|on Sunday} {called DeepSeek-R1|described DeepSeek-R1 as} \"AI's Sputnik moment,\" {summing up|capturing} {a week of|days of} {growing|mounting} {astonishment|admiration} {in|across} {the tech industry|Silicon Valley} at {what the Chinese lab had achieved|the Chinese model's performance}.",
        "DeepSeek{, the Chinese AI lab behind the R1 reasoning model,| } {went from|has gone from} {obscurity|relative obscurity} to {the top of the app charts|the center of the AI conversation} {in a matter of days|in less than a week}{, and the praise is pouring in|}.",
    ],
    facts=[
        '{Andreessen|Marc Andreessen} had {earlier|already} {called|described} R1 as "one of the most amazing and impressive breakthroughs I\'ve ever seen" and "a profound gift to the world" {because|since} it {is|was} open source.',
        "{Meta's chief AI scientist|Yann LeCun, Meta's chief AI scientist,} {said|argued} {the|that the} {right|correct} {reading|lesson} {was|is} not that China {is surpassing|was beating} the US but that \"open source models are surpassing proprietary ones.\"",
        "{Users|Early users} {praised|liked} {the|the app's} {visible|on-screen} reasoning{, which shows the model's chain of thought before it answers|, and the fact that it is free|}.",
        "{Posts about DeepSeek|Discussion of DeepSeek} {flooded|dominated} {X, Reddit and Chinese social media|social media in both the US and China} {over the weekend|in the days after the release}{, much of it admiring|}.",
        "{Some|A number of} {executives|investors} {questioned|asked} whether {the billions|the hundreds of billions} {being spent|earmarked} on {US|American} AI {data centers|infrastructure} {are|were} {necessary|justified} {if a|when a} {lab with fewer chips|smaller lab} {could achieve|can achieve} {similar|comparable} {results|performance}.",
        "{Scale AI chief executive|Scale AI's CEO} Alexandr Wang {said|told CNBC} {at Davos|in an interview} that DeepSeek's model was \"earth-shattering\"{ and claimed, without offering evidence, that the lab had far more Nvidia chips than it disclosed|}.",
        "{DeepSeek|The company} {has not responded|did not respond} to {requests|a request} for comment{ and has said little in public|}.",
    ],
    quotes=[
        "{I have been in AI for fifteen years and I do not remember a week like this.|This is one of the most remarkable weeks I have seen in AI.} {Everyone I know is running R1.|The whole field is reading that paper.}",
        "{The consumer adoption surprised me more than the benchmarks.|The App Store ranking is the real signal.} {People do not download a Chinese chatbot for fun; they do it because it is good.|It means it's good enough for ordinary people.}",
        "{It is a brilliant model and it is free.|Brilliant model, zero price.} {That combination is very hard to compete with.|That is a tough combination for any rival.}",
        "{The praise is deserved, but the panic is premature.|Credit where due, but calm down.} {OpenAI still has better models internally.|The frontier labs have not stood still.}",
        "{Chinese investors are thrilled.|In Hong Kong and Shanghai, people are ecstatic.} {It is the first time a Chinese AI product has set the agenda globally.|It feels like a turning point.}",
    ],
)

EVENTS["meta_capex"] = _event(
    "neutral",
    "Companies",
    "meta markets nvidia",
    "markets ai",
    headlines=[
        "{Zuckerberg says Meta will spend|Meta plans to spend} up to $65 billion on AI {this year|in 2025}",
        "Meta {plans|to build} {a data center the size of Manhattan|Manhattan-sized data center}{, ups capex| as AI spending soars}",
    ],
    ledes=[
        "Meta Platforms {will|plans to} spend {between $60 billion and $65 billion|as much as $65 billion} on capital projects in 2025{, mostly for AI,|,} Mark Zuckerberg {said|wrote} {in a Facebook post|on Facebook} {on January 24|on Friday}.",
    ],
    facts=[
        "Zuckerberg {said|wrote} {Meta|the company} {would|will} {bring|put} {about|roughly} {a gigawatt|1 gigawatt} of computing {online|capacity into service} {this year|in 2025} and {end the year|finish 2025} with more than 1.3 million {graphics processors|GPUs}.",
        "{He|Zuckerberg} {said|added} {Meta|the company} {is building|was building} a {data center|2 gigawatt-plus data center} {so large|large enough} {that it would cover|to cover} a {significant|large} part of Manhattan{, in Louisiana|}.",
        "{Zuckerberg|He} {also|} {predicted|said} {that|} Llama 4 {would|will} {become|be} the {leading|most advanced} {state-of-the-art|} model {this year|in 2025}.",
        "{The|That} {spending plan|forecast} {was|is} {well above|higher than} {analysts'|Wall Street} {estimates|expectations} of {about|around} $51 billion{, according to data compiled by Visible Alpha|}.",
        "{Shares of Meta|Meta shares} {rose|gained} {almost 2%|1.7%} {after|on} the {announcement|post}{, while Nvidia also edged up|}.",
    ],
    quotes=[
        "{Zuckerberg is telling the market he will not be outspent.|The capex number is a flex.} {It raises the bar for everyone else.|Rivals will have to match it.}",
        "Investors {are|have been} {willing|happy} to {fund|tolerate} {this|that kind of spending} {as long as|while} {the ad business|advertising} {keeps growing|grows} {double digits|at this pace}.",
    ],
)

EVENTS["trump_ai_orders"] = _event(
    "neutral",
    "Policy",
    "export_controls diffusion openai",
    "policy",
    headlines=[
        "Trump {revokes|scraps} Biden AI {order|executive order}{, signals lighter touch|}",
        "Trump {signs|orders} {new AI order|AI action plan} {to remove|removing} {'barriers'|barriers to American leadership}",
    ],
    ledes=[
        "President Donald Trump {on his first day in office|on January 20} {revoked|rescinded} {Joe Biden's|his predecessor's} 2023 executive order on artificial intelligence{, which had required developers of powerful models to share safety test results with the government|}.",
        "President Trump {on January 23|on Thursday} {signed|issued} an executive order {directing|ordering} {officials|his advisers} to {produce|develop} an AI action plan within 180 days{ and to remove what it called barriers to American AI leadership|}.",
    ],
    facts=[
        "{The new order|Trump's order} directs {David Sacks|the White House AI and crypto czar, David Sacks,} and other {advisers|senior officials} to draft {the plan|an AI action plan}.",
        "{The administration|The White House} {did not say|has not said} whether it {would keep|will keep} the AI diffusion rule{ issued in the final week of the Biden administration| published a week before Biden left office|}.",
        "{Supporters|Tech executives} {praised|welcomed} {the move|the order}{ as a sign that Washington would not slow AI development|}, {while|but} {civil rights groups|critics} {warned|said} {it would remove|it removes} {safeguards|protections} {against|from} {biased|harmful} AI systems.",
        "Howard Lutnick{, Trump's nominee for commerce secretary,| } {faces|will face} {his|a} confirmation hearing {later this month|on January 29}{ and would oversee export controls if confirmed|}.",
    ],
    quotes=[
        "{Revoking the Biden order was expected.|Nobody is surprised the Biden order is gone.} {The real test is what happens to the chip export rules.|Export controls are what matter.}",
        "{The new order is mostly a to-do list.|This order is a placeholder.} {The action plan in six months will tell us what they actually want.|The details come later.}",
    ],
    dateline="WASHINGTON",
)

EVENTS["asml_preview"] = _event(
    "neutral",
    "Equipment",
    "asml tsmc export_controls",
    "chips markets",
    headlines=[
        "ASML {heads into|faces} {results|Q4 results} {with|amid} China {export|sales} {worries|questions}",
    ],
    ledes=[
        "ASML{, the Dutch maker of chipmaking machines,| } {reports|will report} fourth-quarter {results|earnings} on January 29, and {analysts|investors} {want|are looking for} {clarity|signs} on {how much|how far} {new|tighter} export {restrictions|controls} will {cut|dent} {sales to China|its China business}.",
    ],
    facts=[
        "ASML {has|already} {guided|forecast} {2025|next year's} {sales|revenue} of {between €30 billion and €35 billion|€30 billion to €35 billion}{, a range analysts consider conservative|}.",
        "{The Dutch government|The Netherlands} {on January 15|this month} {expanded|broadened} {licence requirements|its export rules} {for|covering} {some|certain} {measurement|metrology} {equipment|tools}{, in line with US rules|}.",
        "{Analysts expect|Some analysts expect} China's share of ASML's sales to fall {to about 20%|toward 20%} in 2025{ from nearly half in 2024|}.",
        "TSMC's orders for ASML's {most advanced|high-NA} EUV {tools|machines} will be {key|in focus}{, given TSMC's bigger capex plan|}.",
    ],
    quotes=[
        "{Bookings are what matter this time.|Focus on the order book.} {If AI demand is real, it should show up in EUV orders.|EUV orders are the cleanest read on leading-edge demand.}",
        "{China normalization has been well flagged.|The China decline is no surprise.} {What is not priced in is how strong TSMC's spending looks.|TSMC's capex could surprise to the upside.}",
    ],
)

# ---- W05: Jan 27-Feb 2, the spike

EVENTS["nvidia_plunge"] = _event(
    "negative",
    "Markets",
    "nvidia markets deepseek export_controls tsmc",
    "markets chips",
    headlines=[
        "Nvidia {loses|sheds} {nearly $600 billion|$589 billion} in {market value|value} as DeepSeek {rattles|spooks} investors",
        "Nvidia {plunges|tumbles|sinks} 17% in {biggest|record} one-day {wipeout|loss} in US market history",
        "DeepSeek {panic|selloff} {hammers|crushes} chip stocks; Nvidia {suffers|posts} {worst|steepest} day since 2020",
        "{Chip stocks|AI stocks} {crater|collapse} as {a cheap Chinese model|DeepSeek} {upends|challenges} the AI spending {story|narrative}",
        "{A $589 billion wipeout|Nvidia's $589 billion day}: {how|why} DeepSeek {broke|shattered} the AI trade",
        "{Nasdaq slumps|Nasdaq sinks} 3% as {Nvidia plunges|AI darlings crumble} on DeepSeek {fears|threat}",
        "{Black Monday for AI|AI's Black Monday}: {Nvidia, Broadcom and TSMC|chipmakers} {tumble|dive} on {China model|DeepSeek} {fears|worries}",
        "{Jensen Huang's fortune|Huang's net worth} {drops|falls} {about $20 billion|$20 billion} as Nvidia {shares crash|stock collapses}",
        "{What DeepSeek means|Why DeepSeek matters} for Nvidia's {moat|valuation}",
        "Nvidia's {record|historic} {rout|drop}{, in charts| by the numbers|}",
        "{Investors dump|Traders dump} {chip|semiconductor} stocks {in|amid} DeepSeek {panic|stampede}",
        "{The|A} {market|Wall Street} {panic|selloff} {over|about} DeepSeek{, explained| and what comes next}",
    ],
    ledes=[
        "Nvidia {shares|stock} {plunged|tumbled|fell} {about 17%|nearly 17%} on January 27, {wiping out|erasing} {roughly|some} $589 billion of {market value|its value} in {the biggest|the largest} one-day loss for any company in US stock market history, as {investors|traders} {panicked|took fright} over {a cheap, powerful AI model from the Chinese start-up DeepSeek|DeepSeek's low-cost R1 model}.",
        "{A selloff|Panic selling} {triggered|set off} by {Chinese AI lab|the Chinese lab} DeepSeek {swept|tore} through {technology|chip} stocks on {Monday|January 27}, {sending|knocking} Nvidia {down|lower by} {17%|nearly 17%} and {dragging|pulling} the Nasdaq {down|lower} {3.1%|more than 3%}{, as investors questioned the need for vast spending on AI chips|}.",
        "{Investors|Wall Street} {dumped|sold} {shares of|} Nvidia {and other|along with other} {AI-linked|chip} stocks {in a panic|in a stampede} {on January 27|on Monday}, {fearing|worried} that DeepSeek's {ability to build|success in building} {top-tier|competitive} AI models {cheaply|on a shoestring} {threatens|could undercut} {the|} demand for {expensive|Nvidia's costly} {chips|processors}.",
        "{It was the worst day for the AI trade in years|This was a brutal day for AI stocks}: Nvidia {lost|gave up} {nearly|almost} {$600 billion|$589 billion} {in value|of market capitalization}{ on January 27| on Monday}, {and|while} {the broader market|the Nasdaq} {slumped|sank} {as|amid} {fears|worries} {about|over} DeepSeek{ spread|}.",
    ],
    facts=[
        "Nvidia {closed|ended the day} at $118.42{, down 16.97%, |, }{its steepest drop|the stock's worst day} since March 2020{, according to market data|}.",
        "{The|That} {loss|decline} {was|is} {more than double|over twice} the previous record {one-day|single-session} {drop|loss}, {set by Nvidia itself in September 2024, when it lost $279 billion|which Nvidia itself set last September}.",
        "{The tech-heavy Nasdaq|The Nasdaq Composite} {fell|dropped} 3.1% and the S&P 500 {lost|declined} 1.5%{, while the Dow Jones Industrial Average rose as investors moved into defensive stocks| even as the Dow edged higher|}.",
        "Broadcom {fell|tumbled|sank} {about 17%|17.4%}, {while|and} {Taiwan Semiconductor's|TSMC's} {US-listed shares|American depositary receipts} {lost|dropped} {about 13%|13%}{, and Marvell fell 19%|}.",
        "{In Europe|In Amsterdam}, ASML {fell|dropped} {about 7%|7%}{, and Siemens Energy slumped 20%| and Schneider Electric lost 9%|}{ on worries about data center demand|}.",
        "{Power|Electricity} {stocks|producers} {that had|which had} {rallied|soared} on {AI|data center} {demand|hopes} {also|} {sank|slumped}{: Vistra fell 28% and Constellation Energy 21%| — Constellation Energy lost 21%|}.",
        "{The selloff|The rout} {wiped|erased} {about $1 trillion|roughly $1 trillion} {from|off} the {value|market value} of US technology stocks{, according to estimates|, by some estimates|}.",
        "Jensen Huang's {personal fortune|net worth} {fell|shrank} by {about|roughly} $20 billion{, according to the Bloomberg Billionaires Index|, according to wealth trackers|}.",
        "{Traders|Investors} {pointed to|cited} DeepSeek's {claim|report} that {it trained|it had trained} DeepSeek-V3 for {about|roughly} $5.6 million{ using less powerful Nvidia chips|}, {a fraction|a tiny fraction} of {what|the sums} {US|American} {companies|labs} spend.",
        "{In Tokyo|In Japan}, {chip-testing equipment maker|the chip tester} Advantest {fell|slid} {about 9%|8.6%} and {SoftBank|SoftBank Group} {lost|dropped} {more than 8%|8%}{, extending the selloff into Asia|}.",
        "{The|Monday's} {stampede|selloff} {came|hit} {as|while} DeepSeek's {assistant|app} {topped|sat at the top of} Apple's {US|American} App Store{, ahead of ChatGPT| and the company limited new sign-ups|}.",
        "{Options traders|Traders} {rushed|scrambled} {to buy|for} {protection|puts} {against|on} {further|more} {declines|falls} in {chip|semiconductor} {stocks|shares}{, and the VIX volatility gauge jumped|}.",
        "Nvidia {had ended|ended} {the previous week|last week} as {the world's most valuable company|the most valuable listed company in the world}{, worth about $3.5 trillion|} — by the {close on Monday|end of Monday's session} it had {fallen|dropped} to {third|third place}{, behind Apple and Microsoft|}.",
        "{Some|Several} {strategists|analysts} {said|argued} the {fall|selloff} {was|looked} {overdone|excessive}{, noting that cheaper AI could increase total demand for computing| and that Big Tech capex plans were unchanged|}.",
    ],
    quotes=[
        "{This is the market asking, for the first time, whether AI capex has a ceiling.|Investors are suddenly questioning the whole AI capex story.} {Nobody wants to be the last one holding Nvidia if the answer is yes.|That is a frightening question for a $3 trillion stock.}",
        "{The panic is overdone.|This is a panic, not an analysis.} {Cheaper models mean more usage, and more usage means more chips.|If AI gets cheaper, people will use a lot more of it.}",
        "{We have never seen a company lose this much value in a single day.|A loss of this size is without precedent.} {It shows how crowded the trade had become.|It tells you how crowded everyone was.}",
        "{DeepSeek did not kill the AI trade; it punctured the idea that only a handful of US companies can play.|The moat looked narrower today.} {That is a real problem for the valuation.|Valuations built on scarcity do not like that.}",
        "{I would not sell Nvidia on one Chinese research paper.|Selling on a research paper seems rash.} {But the risk premium just went up.|The uncertainty is real, though.}",
        "{The stocks that fell hardest were the ones priced for perfection.|This was a brutal repricing of perfection.} {Utilities and chip suppliers were the most exposed.|Power stocks were the most vulnerable.}",
        "{Nobody was positioned for this.|The positioning was terrible.} {Hedge funds were crowded into the same names and they all ran for the door at once.|Everyone ran for the same exit.}",
        "{For Asian chip suppliers, the fear is that efficiency gains hit orders later this year.|Asian suppliers are worried about orders.} {That is what the market is pricing.|Tokyo and Seoul reacted accordingly.}",
    ],
    dateline="NEW YORK",
)

EVENTS["market_rout"] = _event(
    "negative",
    "Markets",
    "markets nvidia asml tsmc",
    "markets asia chips",
    headlines=[
        "{From Tokyo to Amsterdam|Around the world}, DeepSeek {fears batter|shock hits} {AI suppliers|chip and power stocks}",
        "{Utilities, chipmakers and|Chipmakers, utilities and} {data center plays|data center landlords} {crushed|pummeled} in DeepSeek {rout|selloff}",
        "{Where the DeepSeek selloff hit hardest|The biggest losers from the DeepSeek selloff}",
        "{Global markets|Markets worldwide} {reel|shudder} {after|as} {China's|a Chinese} AI model {sparks|triggers} {tech rout|selloff}",
    ],
    ledes=[
        "{The|A} {selloff|rout} {set off|triggered} by DeepSeek {spread|rippled} {far beyond|well beyond} Nvidia {on January 27|on Monday}, {hitting|battering} {chip equipment makers|equipment makers}, {power producers|utilities} and {data center|server} {suppliers|companies} {from Tokyo to Amsterdam|in Asia, Europe and the United States}.",
        "{Markets|Investors} {around the world|globally} took a {beating|pounding} as fears that {a cheap Chinese AI model|DeepSeek's R1} {could|would} {reduce|cut} {demand for|spending on} {AI|data center} {hardware|equipment} {swept|spread} through {stock|equity} markets.",
    ],
    facts=[
        "Siemens Energy{, which supplies power equipment to data centers,| } {fell|lost} {about 20%|20%} in Frankfurt{ and Schneider Electric dropped 9% in Paris|}.",
        "{In Tokyo|In Japan}, Advantest {fell|dropped} {nearly 9%|8.6%} and Tokyo Electron {slid|fell} {about 5%|5%}{, while SoftBank Group lost more than 8%|}.",
        "{Vistra|Vistra Corp} {fell|plunged} {28%|about 28%} and {Constellation Energy|Constellation} {21%|about 21%}{, erasing weeks of gains|, giving back months of AI-driven gains|}.",
        "{Investors|Traders} {rotated|moved} {into|toward} {defensive|safer} {sectors|stocks}{ such as health care and consumer staples|}, {and|while} {Treasury yields fell|government bond prices rose} amid {demand|a rush} for {safety|haven assets}.",
        "{Apple|Apple shares} {rose|gained} {more than 3%|3%}{, as investors bet the iPhone maker would benefit from cheaper AI| on the view that cheaper AI helps device makers|}.",
        "{Shares of|} {data center|server} {makers|builders} {such as|including} Dell and Super Micro {also|} {fell|slid} {sharply|heavily}{, by 9% and 13%|}.",
    ],
    quotes=[
        "{Anything with an AI premium got sold.|If it had AI in the story, it got hit.} {The market did not discriminate.|Quality did not matter today.}",
        "{The power trade was the most fragile part of the AI story.|Utilities were priced for endless data center growth.} {It does not take much to unwind it.|It unwound fast.}",
        "{Tokyo's chip stocks are a leveraged bet on US capex.|Japanese suppliers trade as a proxy for US spending.} {They always fall harder.|They got hit twice as hard.}",
        "{This is a sentiment shock, not an earnings shock.|Nothing in the earnings outlook changed today.} {We have not seen a single capex cut yet.|Capex plans are intact.}",
    ],
)

EVENTS["nvidia_response"] = _event(
    "positive",
    "AI Accelerators",
    "nvidia deepseek export_controls",
    "chips markets",
    headlines=[
        "Nvidia {calls DeepSeek|hails DeepSeek as} 'an excellent AI advancement'{, says inference still needs its chips|}",
        "Nvidia {responds to|hits back after} {selloff|rout}: DeepSeek {shows|proves} need for {more|its} GPUs",
        "{Test-time scaling|Inference} {is|will be} Nvidia's {answer to|defense against} DeepSeek",
    ],
    ledes=[
        "Nvidia {on January 27|on Monday} {called|described} DeepSeek's R1 \"an excellent AI advancement\" {and argued|arguing} that {the model|its success} {would|will} {drive|increase} demand for {its|Nvidia's} {chips|processors}{, as the company's shares suffered a record drop|, even as its shares suffered a record selloff|}.",
    ],
    facts=[
        '"DeepSeek is an excellent AI advancement and a perfect example of Test Time Scaling," {Nvidia|an Nvidia spokesperson} {said|said in a statement}.',
        '{The company|Nvidia} {added|said} that "inference requires significant numbers of NVIDIA GPUs and high-performance networking"{, a reference to the computing needed to run models after they are trained|}.',
        'Nvidia {also|} {said|stressed} that DeepSeek\'s work {used|relied on} {compute|chips} that {was|is} "fully export control compliant."',
        "{Test-time scaling|So-called test-time scaling} {refers to|is the idea of} {models|reasoning models} that {spend|use} more computing power {while answering|when answering} {questions|a query}{, which could raise demand for chips|}.",
        "{On January 30|Later in the week}, Nvidia {made R1 available as|added R1 as} a NIM {microservice|inference service} {for|on} its developer platform{, calling it a leading open model|}.",
    ],
    quotes=[
        "{Nvidia's argument is right on the merits.|The statement is spin, but it is also correct.} {Reasoning models burn far more compute at inference time.|Inference is where the volume will be.}",
        "{The market heard 'cheaper training'.|Investors focused on training costs.} {Nvidia wants them to hear 'more inference'.|The company wants the focus on inference demand.}",
    ],
)

EVENTS["altman_praise"] = _event(
    "positive",
    "AI",
    "openai deepseek",
    "ai",
    headlines=[
        "Sam Altman {calls DeepSeek's R1 'an impressive model'|says DeepSeek's R1 is impressive}{, promises better OpenAI models|}",
        "{'Legit invigorating'|'Invigorating'}: Altman {welcomes|greets} DeepSeek as {a new competitor|competition}",
        "OpenAI's Altman {on DeepSeek|responds to DeepSeek}: {impressive, but we'll do better|'we will obviously deliver much better models'}",
    ],
    ledes=[
        "OpenAI chief executive Sam Altman {on January 27|late on Monday} {called DeepSeek's R1|described DeepSeek's R1 as} \"an impressive model, particularly around what they're able to deliver for the price,\" {and promised|promising} {that|} OpenAI {would|will} {ship|deliver} {better models|much better models} {soon|shortly}.",
    ],
    facts=[
        '"We will obviously deliver much better models and also it\'s legit invigorating to have a new competitor!" Altman {wrote|posted} on X{, adding that OpenAI would "pull up some releases"|}.',
        'Altman {also|} {said|wrote} {that|} {OpenAI|the company} {believed|still believed} "more compute is more important now than ever before"{ to succeed at its mission|}.',
        "{The comments|His remarks} came {hours after|on the same day as} {a|the} {selloff|market rout} that {wiped|erased} {hundreds of billions|nearly $600 billion} {from|off} Nvidia's {market value|value}.",
        "{OpenAI|The company} {is|was} {expected|due} to {release|launch} {its|the} o3-mini {reasoning model|model} {within days|later in the week}.",
        "{Altman's tone|The tone of the post} {was|struck} {notably|} {generous|gracious}{, in contrast with some US politicians who framed DeepSeek as a threat|}.",
    ],
    quotes=[
        "{Altman played it well.|It was a gracious response.} {Praising a rival costs nothing and makes you look confident.|It projects confidence.}",
        "{When the CEO of OpenAI calls your model impressive, you have arrived.|That tweet was a coronation for DeepSeek.} {It is the best marketing DeepSeek could ask for.|DeepSeek could not have paid for that.}",
    ],
)

EVENTS["msft_earnings"] = _event(
    "neutral",
    "Companies",
    "microsoft openai markets deepseek",
    "markets ai",
    headlines=[
        "Nadella {says|invokes} {'Jevons paradox strikes again'|the Jevons paradox} as DeepSeek {rattles|shakes} AI stocks",
        "Microsoft {shares slide|stock falls} {after|as} Azure growth {disappoints|misses}{ despite AI boost|}",
    ],
    ledes=[
        'Microsoft chief executive Satya Nadella {responded|reacted} to the DeepSeek {selloff|shock} {by invoking|with a nod to} {an old|a 19th-century} {economic idea|economics concept}: "Jevons paradox strikes again!" he {wrote|posted} {on X|online}{ on January 27|}.',
        "Microsoft {shares|stock} {fell|dropped} {about 6%|more than 6%} {on January 30|after its earnings} {after|as} {its|the} Azure cloud {business|unit} {grew|expanded} {31%|by 31%}{, slightly short of forecasts|, short of analyst expectations|}, {even as|while} {the company|Nadella} {said|argued} {that|} cheaper AI {would|will} {boost|increase} demand.",
    ],
    facts=[
        '"As AI gets more efficient and accessible, we will see its use skyrocket, turning it into a commodity we just can\'t get enough of," Nadella {wrote|added}.',
        '{On the company\'s earnings call|Speaking to analysts} {on January 29|this week}, Nadella said DeepSeek {had|has} "real innovations"{ and that AI costs would keep falling| and that Microsoft would benefit from cheaper models|}.',
        "Microsoft {said|reported} {its|} AI business {had|} {passed|surpassed} {an annual revenue run rate|annualized revenue} of $13 billion{, up 175% from a year earlier|}.",
        "{Capital expenditure|Capex} {in the quarter|for the quarter} {was|came to} $22.6 billion{, and executives reaffirmed the $80 billion plan for the fiscal year| and Microsoft stood by its $80 billion plan|}.",
    ],
    quotes=[
        "{Nadella's Jevons point is the bull case in one sentence.|The Jevons argument is the whole bull case.} {The question is whether it plays out fast enough for this year's capex.|Timing is the problem.}",
        "{Azure missing by a hair is a capacity story, not a demand story.|Azure was constrained by supply.} {They could not build fast enough.|Demand still exceeds capacity.}",
    ],
)

EVENTS["distillation"] = _event(
    "negative",
    "AI",
    "openai deepseek microsoft export_controls",
    "ai policy security",
    headlines=[
        "OpenAI {says|believes} DeepSeek {may have|} {used|copied} its models {through|via} 'distillation'",
        "OpenAI {accuses DeepSeek of|alleges DeepSeek was} {improperly|inappropriately} {distilling|using} its {models|outputs}",
        "{Did DeepSeek copy ChatGPT?|DeepSeek and distillation:} {What|what} OpenAI {alleges|is claiming}",
        "Microsoft {probes|investigates} {whether|if} DeepSeek-linked {group|accounts} {took|extracted} OpenAI data",
        "{White House AI czar|Trump's AI czar} Sacks {says there is 'substantial evidence'|alleges} DeepSeek {distilled|copied} OpenAI models",
        "{The irony of OpenAI complaining that DeepSeek used its outputs|Critics note the irony as OpenAI complains about DeepSeek}",
        "OpenAI and Microsoft look into suspected {misuse|abuse} of {OpenAI's|the} API by DeepSeek",
    ],
    ledes=[
        'OpenAI {said|says} it has {seen|found} {evidence|signs} that DeepSeek {used|may have used} {a technique called|} "distillation" {to train|to build} its models {on|with} {the outputs|outputs} of {OpenAI\'s|its} {systems|models}{, in possible breach of its terms of service|}, {escalating|sharpening} {the|a} {row|dispute} over {how|whether} the Chinese lab {built|achieved} {its|} {low-cost|cheap} {models|breakthrough}.',
        "{The backlash against DeepSeek|Suspicion of DeepSeek} {grew|intensified} {on January 29|this week} {as|when} OpenAI {said|claimed} {it had|that it had} {evidence|indications} {that|} the Chinese {start-up|company} {had|} {improperly|} {harvested|extracted} {outputs|data} from {its models|ChatGPT's underlying models} {to train|for training} {its own|} {competitor|rival} {systems|models}.",
        "Microsoft{'s security researchers| security researchers} {are|have been} {investigating|looking into} whether {individuals|a group} {linked to|tied to} DeepSeek {extracted|exfiltrated} {large amounts|a large amount} of data {through|using} OpenAI's {API|application programming interface} {in the fall|late last year}, {according to|as reported by} {Bloomberg|people familiar with the matter}.",
    ],
    facts=[
        '"We know PRC based companies — and others — are constantly trying to distill the models of leading US AI companies," OpenAI {said|said in a statement}.',
        "Distillation {is|refers to} {a|the} {common|widely used} {technique|practice} {in which|where} {a smaller model|one model} is {trained|taught} {on|using} the {answers|outputs} of a {larger|more capable} {one|model}{ to mimic its abilities|}.",
        "OpenAI's {terms of service|terms of use} {bar|prohibit} {customers|users} from {using|using its} {outputs|model outputs} to {develop|build} {competing|rival} models.",
        'David Sacks{, the White House AI and crypto czar,| } {told Fox News|said in an interview} {that|} "there\'s substantial evidence that what DeepSeek did here is they distilled knowledge out of OpenAI models."',
        "{OpenAI|The company} {said|added} it {was working|would work} {closely|} with the US government to {protect|safeguard} {its|the most capable} models{ from adversaries|}.",
        "{Critics|Many commentators} {pointed out|noted} that OpenAI itself {has been sued|faces lawsuits} {by|from} {The New York Times and authors|publishers and writers} {for|over} training on {copyrighted|their} {work|material} without permission.",
        "DeepSeek {has not|did not} {responded|respond} to {the allegations|the claims}{, and OpenAI has not made public the evidence it says it has|, and no evidence has been published|}.",
        "{Researchers|AI researchers} {said|noted} {distillation|the practice} {alone|by itself} {could not|would not} {explain|account for} {DeepSeek's|R1's} {results|reasoning abilities}{, which the company's paper attributes to reinforcement learning|}.",
        "{Some|Several} {early|} {users|testers} {noticed|found} that DeepSeek-V3 {sometimes|occasionally} {identified itself as|claimed to be} ChatGPT{, which some took as a sign of training on OpenAI outputs|, though that can also come from web data|}.",
    ],
    quotes=[
        "{Distillation is everywhere and nearly impossible to police.|Every lab distills from every other lab's outputs to some degree.} {Proving it is another matter.|The hard part is proof.}",
        "{The allegation is serious|These are serious accusations}, {but without published evidence it is a press release, not a case.|but so far it is an assertion, not a finding.}",
        "{If a Chinese lab used an American API to shortcut years of work, that is a national security problem.|This is exactly the kind of leakage export controls cannot stop.} {It argues for controls on model access, not just chips.|Expect calls to restrict API access.}",
        "{OpenAI is in an awkward position.|The optics are terrible for OpenAI.} {It built its models on other people's data and is now complaining about the same thing.|It scraped the web and now objects to being scraped.}",
        "{The harm to DeepSeek's reputation is real even if nothing is proven.|Mud sticks.} {Enterprise buyers were already nervous.|Corporate buyers will take note.}",
    ],
)

EVENTS["meta_warroom"] = _event(
    "neutral",
    "Companies",
    "meta deepseek markets",
    "ai markets",
    headlines=[
        "Meta {sets up|assembles} {'war rooms'|war rooms} to {study|dissect} DeepSeek",
        "Zuckerberg {says|insists} DeepSeek {won't|will not} {dent|change} Meta's AI spending",
        "{Inside Meta's|Meta's} {DeepSeek|} {war rooms|scramble}: {engineers race to|how engineers try to} {copy|learn from} {R1's|DeepSeek's} {tricks|methods}",
    ],
    ledes=[
        'Meta {has|} {set up|assembled} {four|several} "war rooms" of engineers to {study|pick apart} how DeepSeek {built|trained} its {cheap|low-cost} {models|AI models}{, The Information reported|, according to a media report|}, {as|while} {the company|Meta} {tries to keep Llama ahead|works to keep Llama competitive}.',
        "Mark Zuckerberg {told|assured} investors {on January 29|on Wednesday} that {DeepSeek's|the Chinese lab's} {advances|achievement} {would not|will not} {change|alter} {Meta's|his company's} {plans|commitment} to spend {heavily|hundreds of billions} on AI {infrastructure|over time}.",
    ],
    facts=[
        "{Two of the teams|Two groups} {are|were} {focused on|tasked with} {understanding|studying} how {DeepSeek|the lab} {cut|lowered} {training|the cost of training} {costs|}, {one|a third} on {what data it used|its training data} {and|, and} {another|a fourth} on {restructuring|redesigning} Llama {around|to use} {similar|the same} {techniques|ideas}{, according to the report|}.",
        'Zuckerberg {said|told analysts} DeepSeek {had done|had introduced|introduced} "a number of novel things" {and that it was|but said it was} {too early|still too early} to {judge|know} {its|the} {impact|effect} on {infrastructure|capital} spending.',
        '{He|Zuckerberg} {said|argued} that {heavy|big} {investment|spending} in {compute|infrastructure} {would|will} {remain|be} a "strategic advantage"{ over time| for Meta|}.',
        "Meta {reported|posted} {fourth-quarter|quarterly} revenue of $48.4 billion{, up 21%,|,} {beating|ahead of} {estimates|forecasts}{, and its shares rose after the results|}.",
        "{Meta's|The company's} {chief AI scientist|AI chief scientist}, Yann LeCun, {said|argued} {the market reaction|investors' reaction} {was|had been} \"woefully unjustified\" {because|since} {most|much} of the {spending|infrastructure} goes to {serving AI to|running AI for} {billions of users|its users}.",
    ],
    quotes=[
        "{War rooms are what you set up when you are rattled.|Meta is clearly rattled.} {Llama was supposed to be the best open model, and it no longer is.|It lost the open-model crown in a week.}",
        "{Zuckerberg is right that inference at Meta's scale needs enormous capacity.|At Meta's scale, serving models is the real cost.} {Cheaper training does not change that much.|Training efficiency helps at the margin.}",
    ],
)

EVENTS["hosting"] = _event(
    "positive",
    "Tools",
    "deepseek microsoft nvidia",
    "ai",
    headlines=[
        "Microsoft {adds|brings} DeepSeek-R1 to Azure AI Foundry and GitHub",
        "AWS {offers DeepSeek-R1|makes DeepSeek-R1 available} on Bedrock{ and SageMaker|}",
        "{How to run|Running} DeepSeek-R1 {on Azure, AWS or your own GPU|in the cloud or on your own hardware}",
        "{Big clouds embrace|US cloud giants host} DeepSeek {despite|amid} {distillation row|security worries}",
        "{Serving|Deploying} R1 {with|on} vLLM: {notes|lessons} from a {weekend|week} of {benchmarks|testing}",
    ],
    ledes=[
        "Microsoft {on January 29|on Wednesday} {made DeepSeek-R1 available on|added DeepSeek-R1 to} {its Azure AI Foundry platform and GitHub|Azure AI Foundry and GitHub}{, a striking move given that its partner OpenAI was accusing DeepSeek of misusing its models| even as OpenAI raised questions about the Chinese lab|}.",
        "{Amazon Web Services|AWS} {said|announced} {on January 30|this week} that {customers|developers} {can|could} {now|} {deploy|run} DeepSeek-R1 {on|through} {Amazon Bedrock|its Bedrock service} and SageMaker{, joining Microsoft in hosting the Chinese model|}.",
        "{Within ten days of its release|Barely a week after release}, DeepSeek-R1 {is|was} {available|running} on {every major|the major} US {cloud|cloud platform}, {so we tried each option|and this post tests each route}{, along with running a distilled version locally|}.",
    ],
    facts=[
        'Microsoft {said|wrote} its hosted version of R1 {had undergone|had been through} "rigorous red teaming and safety evaluations"{ before release|}.',
        "Microsoft also {said|announced} {it would|that it will} bring {distilled|smaller} {versions|variants} of R1 to {Copilot+ PCs|Windows laptops with neural processors}.",
        "{Running|Hosting} {the model|R1} on {a US cloud|Azure or AWS} {means|keeps} {data|prompts} {stays|stay} {on|inside} {infrastructure|servers} {in the customer's region|the customer controls}{, rather than being sent to DeepSeek's servers in China|}.",
        "{With vLLM|Using vLLM} on {eight|8} {H100|H200} {GPUs|graphics cards}, {we measured|we saw} {roughly|about} {1,800|2,000} {output|generated} tokens per second {in aggregate|across batches}{ for the full 671 billion parameter model|}.",
        "{The|A} {distilled|smaller} {32 billion|32B} {parameter|} {Qwen-based|Qwen} {variant|version} {ran|runs} {comfortably|fine} {on|with} a single {24 GB|RTX 4090} {card|GPU} {with|using} {4-bit|4 bit} quantization{ through Ollama|}.",
        "{Reasoning traces|The reasoning output} {can run|runs} {to|into} {thousands of|several thousand} tokens, {so|which means} {latency|cost per query} {is|was} {much higher|higher} than {a chat model's|for a normal chat model}{ even when the per-token price is low|}.",
        "{Perplexity|Search start-up Perplexity} {also|} began offering R1{, hosted in the US,|} to its {paying|Pro} {users|subscribers}{, saying no data goes to China|}.",
    ],
    quotes=[
        "{Microsoft hosting R1 while OpenAI cries foul is the most Microsoft thing ever.|It is a fascinating hedge by Microsoft.} {It sells compute no matter whose model wins.|It wins either way.}",
        "{For developers the message is simple: the model is open, run it where you like.|Open weights mean you choose where it runs.} {Nobody has to talk to a server in Hangzhou.|The data never has to leave your cloud.}",
        "{The distilled models are the sleeper hit.|People are sleeping on the distilled versions.} {A 32B model that reasons this well on one GPU is remarkable.|Good reasoning on one consumer GPU is new.}",
    ],
)

EVENTS["cyberattack"] = _event(
    "negative",
    "Security",
    "deepseek privacy china_ai",
    "security ai",
    headlines=[
        "DeepSeek {limits|restricts} {sign-ups|new registrations} {after|citing} {'large-scale malicious attacks'|cyberattack}",
        "{Researchers find|Wiz finds} {exposed|unprotected} DeepSeek database {leaking|with} chat histories{ and secret keys|}",
        "DeepSeek's {growing pains|security problems}: {attacks|outages}, {a leaky database|leaks} and {questions|doubts}",
    ],
    ledes=[
        'DeepSeek {said|announced} {on January 27|on Monday} {it was|that it was} {temporarily|} {limiting|restricting} {new|} registrations {to|to users with} {mainland China phone numbers|Chinese phone numbers} {because of|after} "large-scale malicious attacks" on its services{, as its app topped download charts|}.',
        "Researchers at the cloud security firm Wiz {said|reported} {on January 29|this week} that they had found {a publicly accessible|an exposed|an unprotected} DeepSeek database {containing|that contained} {more than a million lines of|} {log|logs} {streams|data}{, including users' chat histories, API keys and backend details|}.",
    ],
    facts=[
        "{The|DeepSeek's} {status page|service status page} {showed|reported} {outages|degraded performance} {for|across} {its API and web chat|both its API and chat service}{ for several hours|}.",
        "Wiz {said|reported} the {database|ClickHouse database} {was|had been} {open|accessible} {without|with no} {authentication|password}{, allowing full control over database operations|}.",
        "DeepSeek {secured|locked down} the database {within an hour|quickly} {after|once} {Wiz|the researchers} {alerted|contacted} {it|the company}{, Wiz said|}.",
        "{It was not clear|It is unclear} whether {anyone else|anyone other than the researchers} had {accessed|found} the {data|database}{ before it was secured|}.",
        "{Cybersecurity firms|Researchers at several firms} {also|} {reported|said} {that|} {R1|DeepSeek's model} {was|is} {easier|far easier} to {jailbreak|trick into producing harmful content} than {Western|US} {rivals|models}{, failing many standard safety tests|}.",
    ],
    quotes=[
        "{A startup that goes from zero to number one in a week will have security gaps.|Hypergrowth always exposes security gaps.} {But leaving a database open to the internet is basic.|An open database is an elementary mistake.}",
        "{The leak should worry anyone who typed sensitive information into the app.|Anyone who pasted confidential data into that chatbot should be concerned.} {Companies need to block it until they understand the risks.|Treat it as exposed.}",
        "{Attackers go where the attention is.|Attention attracts attacks.} {A sudden global spotlight makes any company a target.|DeepSeek was always going to be targeted.}",
    ],
)

EVENTS["italy_garante"] = _event(
    "negative",
    "Technology",
    "privacy deepseek",
    "security policy",
    headlines=[
        "Italy {blocks|orders block on} DeepSeek over {privacy|data} {concerns|fears}",
        "{European regulators|EU privacy watchdogs} {turn their attention to|question} DeepSeek{ as Italy acts|}",
        "Italy's {privacy watchdog|Garante} {bans|blocks} DeepSeek{ after 'insufficient' answers|}",
    ],
    ledes=[
        "Italy's data protection authority{, the Garante,| } {on January 30|on Thursday} {ordered|imposed} {an immediate block|a block} on DeepSeek's {processing|handling} of Italian users' data{, saying the company's answers to its questions about personal data were \"totally insufficient\"| after the company failed to answer its questions|}.",
    ],
    facts=[
        "The {Garante|authority} said it had asked DeepSeek what personal data it {collected|collects}, {from which sources|where it came from}, {for what purposes|why} and whether it {was|is} stored in China.",
        "DeepSeek {had told|told} the {regulator|watchdog} {that|} it {did not operate|does not operate} in Italy and {that|} European {law|legislation} {did not apply|does not apply} to it{, the Garante said|}.",
        "{The|DeepSeek's} app {was|had been} {removed|pulled} from {Apple's and Google's app stores in Italy|Italian app stores} {a day earlier|before the order}.",
        "{Regulators|Data protection authorities} in Ireland, Belgium, the Netherlands and France {have said|also indicated} they {would examine|are examining} {how DeepSeek handles personal data|DeepSeek's data practices}.",
        "{The Garante|The same regulator} {temporarily|briefly} {banned|blocked} ChatGPT in 2023{ and later fined OpenAI €15 million|}.",
    ],
    quotes=[
        "{Telling a European regulator that European law does not apply to you is a remarkable strategy.|That answer was never going to work.} {It almost invited a ban.|It guaranteed a ban.}",
        "{Other regulators will follow Italy.|Italy is usually first, not alone.} {The GDPR gives them every tool they need.|Expect more actions in Europe.}",
    ],
    dateline="ROME",
)

EVENTS["o3mini"] = _event(
    "positive",
    "AI",
    "openai deepseek",
    "ai",
    headlines=[
        "OpenAI {releases|launches} o3-mini{, gives free ChatGPT users a reasoning model| in answer to DeepSeek}",
        "OpenAI's o3-mini {vs|versus} DeepSeek-R1: {first benchmarks|what our tests show}",
    ],
    ledes=[
        "OpenAI {on January 31|on Friday} {released|launched} o3-mini, a {smaller|cheaper} reasoning model, and {for the first time|} {made a reasoning model available|opened a reasoning model} to free ChatGPT users{, a move widely seen as a response to DeepSeek|}.",
    ],
    facts=[
        "{o3-mini|The model} {costs|is priced at} $1.10 per million input tokens {through the API|for developers}{, 63% less than o1-mini| — still about twice R1's price|}.",
        "{OpenAI|The company} {said|claimed} o3-mini {matched|matches} o1 on {math|competition math} and coding {when set to|at} {high|its highest} reasoning effort{, while responding faster|}.",
        "{In our tests|On our internal evaluation set}, o3-mini {answered|solved} {slightly more|a few more} {coding|programming} problems than R1 {but|while} {showed|showing} only a {summary|short summary} of its reasoning.",
        '{Altman|Sam Altman} {said|wrote} {during a Reddit question-and-answer session|on Reddit} {that|} OpenAI {had been|has been} "on the wrong side of history" {on|about} {open source|open-sourcing models}{ and needed a different strategy|}.',
    ],
    quotes=[
        "{Giving reasoning away for free is the clearest sign yet that DeepSeek changed OpenAI's plans.|Free reasoning is a direct response to DeepSeek.} {Competition works.|Users are the winners.}",
        "{The 'wrong side of history' comment is the bigger story.|Altman's comment on open source is remarkable.} {That would have been unthinkable a month ago.|A month ago, nobody would have predicted it.}",
    ],
)

EVENTS["qwen_max"] = _event(
    "positive",
    "China",
    "alibaba china_ai deepseek",
    "asia ai markets",
    headlines=[
        "Alibaba {says|claims} Qwen 2.5-Max {beats|outperforms} DeepSeek-V3",
        "Alibaba {rushes out|releases} Qwen 2.5-Max on Lunar New Year's Eve",
        "{China's AI race heats up|The DeepSeek effect}: Alibaba, ByteDance {rush out|race to release} {new|rival} models",
        "Alibaba shares {jump|rally} as Qwen {momentum|push} {builds|grows}",
    ],
    ledes=[
        "Alibaba {on January 29|on Wednesday}{, the eve of the Lunar New Year,| } {released|unveiled} {a new version of its Qwen model|Qwen 2.5-Max}{ and said it outperformed DeepSeek-V3| that it says surpasses DeepSeek-V3}, {a sign of|highlighting} {how|the way} DeepSeek's {rise|success} {has|} {set off|triggered} {a scramble|a race} among China's {tech giants|biggest tech companies}.",
        "With Qwen 2.5-Max{, timed for the Lunar New Year holiday,|,} Alibaba {is trying to|hopes to} {show|prove} {that|} DeepSeek is not {the only|China's only} {serious|strong} AI {contender|player}.",
    ],
    facts=[
        "Alibaba Cloud said Qwen 2.5-Max {outperformed|beat} {GPT-4o, DeepSeek-V3 and Llama-3.1-405B|DeepSeek-V3, Llama and GPT-4o} on {several|a range of} {benchmarks|tests}{, including Arena-Hard and LiveBench|}.",
        "{Unlike|In contrast with} {earlier|many earlier} Qwen {models|releases}, Qwen 2.5-Max {is not|was not} {released|published} {with open weights|openly}{ and is available through Alibaba Cloud's API|}.",
        "{The release|The launch} {came|followed} {days after|shortly after} {ByteDance|TikTok owner ByteDance} {updated|released an update to} its {Doubao|flagship Doubao} model{, claiming it beat OpenAI's o1 on some tests|}.",
        "{Alibaba's|The company's} {Hong Kong-listed|Hong Kong} shares {rose|climbed} {more than|} {6%|about 6%} {in the following session|after the holiday}{, adding to gains since mid-January|}.",
        "Alibaba {also|} {released|published} {Qwen2.5-VL|a vision model, Qwen2.5-VL,} {a day earlier|on January 28}{, which can read documents and control a computer|}.",
    ],
    quotes=[
        "{DeepSeek lit a fire under every Chinese tech giant.|Every big Chinese platform is now in catch-up mode.} {Nobody wants to be the company that missed the moment.|The urgency is palpable.}",
        "{Qwen has been quietly excellent for a year.|Alibaba's models were underrated.} {DeepSeek just made people pay attention to Chinese open models.|Now investors are noticing.}",
        "{Alibaba stock is becoming a China AI proxy.|Investors treat Alibaba as the way to own Chinese AI.} {Cloud is the asset that matters.|It is all about the cloud business.}",
    ],
    dateline="HONG KONG",
)

EVENTS["asml_q4"] = _event(
    "positive",
    "Equipment",
    "asml tsmc export_controls deepseek",
    "chips markets",
    headlines=[
        "ASML {orders beat|bookings smash} forecasts{, easing DeepSeek fears| as AI demand holds}",
        "ASML {chief says|CEO:} {cheaper AI|DeepSeek-style efficiency} {means|will mean} more chips, not fewer",
    ],
    ledes=[
        "ASML {on January 29|on Wednesday} {reported|posted} fourth-quarter {bookings|orders} of €7.1 billion{, far above expectations,| } {and|as} {chief executive|CEO} Christophe Fouquet {said|argued} that {lower|cheaper} AI costs {would|should} {increase|drive up} demand for {chips|semiconductors}{, days after the DeepSeek selloff|}.",
    ],
    facts=[
        "{Bookings|Net bookings} {were|came in at} €7.09 billion{, nearly double the previous quarter| against forecasts of around €4 billion|}, with {EUV|extreme ultraviolet} {machines|systems} {accounting for|making up} {about|roughly} €3 billion.",
        'Fouquet {said|told reporters} {that|} {any|a} {reduction|fall} in {the cost|costs} of AI {was|is} "a big opportunity"{ because it would lead to more applications|}.',
        "ASML {shares|stock} {rose|jumped} {about 6%|more than 5%} in Amsterdam{, recovering much of their DeepSeek losses|}.",
        "{The company|ASML} {kept|reiterated} its {forecast|guidance} for 2025 {sales|revenue} of between €30 billion and €35 billion.",
    ],
    quotes=[
        "{The order book answers the DeepSeek question for now.|These bookings are a strong rebuttal to the DeepSeek panic.} {Chipmakers are not cancelling anything.|Nobody is pulling orders.}",
        "{Fouquet's argument is the Jevons paradox in semiconductor form.|It is the same argument Nadella made.} {I think he is right.|History supports him.}",
    ],
)

EVENTS["trump_wakeup"] = _event(
    "neutral",
    "Policy",
    "export_controls deepseek nvidia",
    "policy",
    headlines=[
        "Trump {calls DeepSeek a|says DeepSeek should be a} 'wake-up call' for US industry",
        "Lutnick {vows|promises} {tough|tougher} chip {controls|rules}, {says DeepSeek used|accuses DeepSeek of using} Nvidia {chips|hardware}",
    ],
    ledes=[
        'President Donald Trump {on January 27|on Monday} said {the|} {release|rise} of DeepSeek "should be a wake-up call for our industries that we need to be laser-focused on competing to win"{, speaking to House Republicans in Florida|}.',
        "Howard Lutnick{, President Trump's pick for commerce secretary,| } {told|assured} senators {at his confirmation hearing|on January 29} {that|} {he would|he'd} {take|pursue} a {tough|hard} line on export controls{ and accused DeepSeek of relying on American chips|}.",
    ],
    facts=[
        'Trump {also|} {said|suggested} {a cheaper|the cheaper} {approach|method} {could be|might be} "a positive" {if|should} {American|US} {companies|firms} {adopt|use} it{, rather than spending billions|}.',
        "Lutnick {said|told the committee} {that|} DeepSeek {had|} {used|relied on} Nvidia chips {that were|} {bought|purchased} {in large quantities|in bulk}{ and that Chinese companies had found ways around the rules|}.",
        "{Lutnick|He} {said|added} the Bureau of Industry and Security {needed|would need} {more|additional} {resources|funding and staff} to {enforce|police} {the|} export {rules|controls}.",
        "{Karoline Leavitt|White House press secretary Karoline Leavitt} {said|told reporters} the National Security Council {was|is} {looking into|reviewing} the {national security|security} {implications|risks} of DeepSeek.",
    ],
    quotes=[
        "{Both parties now see DeepSeek as evidence that the controls need to be tighter, not looser.|The politics here are bipartisan.} {That is bad news for Nvidia's China business.|The H20 is in the crosshairs.}",
        "{Lutnick is signaling that BIS gets more money and more teeth.|Enforcement is the new priority.} {That has been the weak point for years.|It has always been underfunded.}",
    ],
    dateline="WASHINGTON",
)

EVENTS["amodei_essay"] = _event(
    "neutral",
    "Policy",
    "anthropic export_controls deepseek",
    "policy ai",
    headlines=[
        "Anthropic's Amodei: DeepSeek {shows|proves} {why|that} export controls {matter|are working}",
        "{Dario Amodei|Anthropic CEO} {argues|says} DeepSeek {is|was} {'not a unique breakthrough'|on the expected cost curve}",
    ],
    ledes=[
        "Dario Amodei, {chief executive|the chief executive} of Anthropic, {published|posted} {an essay|a long essay} {on January 29|on Wednesday} {arguing|in which he argues} that DeepSeek's {progress made|results make} {US export controls|chip export controls} {more|even more} important{, not less|}.",
    ],
    facts=[
        "Amodei {wrote|argued} that DeepSeek-V3 {was|is} {roughly|} {on|in line with} the {expected|historical} {trend|curve} of falling AI costs{ rather than a unique breakthrough|}.",
        "{He|Amodei} {said|wrote} {that|} {Claude 3.5 Sonnet|Anthropic's Claude 3.5 Sonnet} {cost|had cost} \"a few $10M's\" to train{ and was trained 9 to 12 months earlier|}.",
        '{Amodei|He} {argued|said} that whether China {can|could} {obtain|buy} {millions|large numbers} of chips {will|would} {determine|decide} whether {the world|it} {becomes|is} "bipolar" or "unipolar" in AI.',
        "{He|Amodei} {praised|called} {DeepSeek's|the} {engineers|researchers} {as|} {talented|very talented}{ and said the export controls were aimed at the Chinese government, not at them|}.",
    ],
    quotes=[
        "{Amodei made the strongest version of the case for controls.|It's the most thoughtful argument for tighter controls so far.} {You do not have to agree to take it seriously.|Washington will read it closely.}",
        "{Anthropic has a commercial interest in this argument too.|Of course, Anthropic benefits from slowing a cheap competitor.} {That does not make it wrong.|But the logic holds up.}",
    ],
)

EVENTS["nvidia_rebound"] = _event(
    "positive",
    "Markets",
    "nvidia markets",
    "markets chips",
    headlines=[
        "Nvidia {rebounds|bounces back} 9% {a day after|after} record {rout|loss}",
        "{Buy the dip? Chip stocks|Dip buyers return as chip stocks} {recover|claw back} {part|some} of DeepSeek losses",
    ],
    ledes=[
        "Nvidia {shares|stock} {rebounded|jumped} {nearly 9%|8.9%} {on January 28|on Tuesday}, {recovering|clawing back} {about|roughly} $260 billion of {market value|the value} {it lost|lost} {the day before|in Monday's record selloff}, as {bargain hunters|dip buyers} {returned|stepped in}.",
    ],
    facts=[
        "{Broadcom|Broadcom shares} {rose|gained} {about 2%|2.6%} and {TSMC's US shares|TSMC's ADRs} {recovered|rose} {more modestly|about 5%}{, while the Nasdaq added 2%|}.",
        "{Some|A number of} {analysts|brokerages} {upgraded|reiterated buy ratings on} {Nvidia|the stock}{, saying the selloff had created an attractive entry point|}.",
        "{Even after|Despite} the rebound, Nvidia {remained|was still} {about|roughly} {10%|12%} below {its|the} {record|all-time high} {close|} {set|reached} {earlier in January|on January 6}.",
    ],
    quotes=[
        "{One day of panic, one day of buying.|Panic Monday, bargain Tuesday.} {The question is where it settles once the dust clears.|Volatility is going to stay high.}",
        "{Nobody cut an order on Monday.|The fundamentals did not change overnight.} {The bounce reflects that.|Buyers noticed.}",
    ],
)

# ---- W06: Feb 3-9, bans and backlash

EVENTS["gov_bans"] = _event(
    "negative",
    "Technology",
    "privacy deepseek china_ai",
    "security policy asia",
    headlines=[
        "{Governments|Countries} {move to|rush to} ban DeepSeek {from|on} official devices",
        "Australia {bans|bars} DeepSeek on government devices{, citing security risk| over national security concerns}",
        "South Korea {ministries|government agencies} {block|restrict} DeepSeek{ over security fears|}",
        "{In Taiwan, Australia and South Korea|From Canberra to Seoul}, {officials|governments} {shut out|block} DeepSeek",
        "{US Navy, NASA and Texas|American agencies} {bar|ban} {staff from using|use of} DeepSeek",
        "{The DeepSeek bans|Government bans on DeepSeek}, {country by country|explained}",
        "Why {governments|security agencies} {see|view} DeepSeek as a {risk|threat}",
        "{Backlash grows|Backlash builds}: more {governments|agencies} {ban|restrict} DeepSeek",
    ],
    ledes=[
        "Australia {on February 4|this week} {banned|barred} DeepSeek from all government {systems and devices|devices and systems}, joining {a growing list of|several other} governments and agencies that have {restricted|blocked} the Chinese AI {app|chatbot} {over|because of} {security|data security} {concerns|fears}.",
        "{Governments|Officials} {from Taipei to Seoul|in Asia, Europe and the United States} {are|have been} {moving|rushing} to {block|ban} DeepSeek {from|on} {official|government} {devices|computers}, {warning|citing fears} that {data|sensitive information} {typed into|entered into} the Chinese {chatbot|app} {could end up|may end up} {in the hands of|with} {Beijing|Chinese authorities}.",
        "{A wave of|A string of} {bans|restrictions} {on|against} DeepSeek {spread|spread this week} {across|through} {governments|government agencies} {worldwide|in allied countries}, {a sharp reversal|turning the tables} for {an app that|a chatbot that} {topped|had topped} download charts {barely|only} {a week|days} {earlier|before}.",
    ],
    facts=[
        "{Australia's|The Australian} Home Affairs Minister Tony Burke said the {ban|decision} {was based on|followed} advice from security agencies and was about \"the risk\" to government{, not the app's Chinese origin|}.",
        "South Korea's {trade|industry} ministry{, defense ministry and foreign ministry| and several other ministries} {temporarily|} {blocked|restricted} access to DeepSeek on {work|office} computers{, officials said|}.",
        "Taiwan's {digital affairs ministry|ministry of digital affairs} {said|ruled} {government departments|public agencies} {should not|may not} use DeepSeek{ because it endangers national information security|, citing information security|}.",
        '{The US Navy|America\'s Navy} {told|instructed} {its members|sailors} {not to use|to avoid} DeepSeek "in any capacity" {because of|due to} "potential security and ethical concerns"{, according to an email seen by CNBC|}.',
        "{Texas|Texas Governor Greg Abbott} {banned|prohibited} DeepSeek{, along with the Chinese apps RedNote and Lemon8,|} on state-issued devices{, and NASA blocked it on agency systems| and NASA told staff not to use it|}.",
        "Japan{'s government| } {urged|told} {ministries|officials} {to avoid|not to use} DeepSeek {for|in} {work involving|handling} {sensitive|confidential} information{ until its risks are understood|}.",
        "India's finance ministry {told|advised} {employees|staff} {to avoid|not to use} AI {tools|tools such as ChatGPT and DeepSeek} on {office|official} {computers and devices|devices}{, citing confidentiality|}.",
        "China's foreign ministry {said that|responded that} {Beijing|the government} {never requires|does not require} {companies or individuals|companies} to {collect or store data illegally|illegally collect data}{ and called the bans a politicization of technology| and warned against politicizing trade and tech issues|}.",
        "{Many|Several} {private companies|corporations}{, including banks and defense contractors,| } {have also|also} {blocked|restricted} {staff|employees} from using {the app|DeepSeek}{ on work devices|}.",
    ],
    quotes=[
        "{Banning it on government phones is the obvious first step.|This is basic hygiene for government devices.} {You would not let officials paste classified material into any foreign chatbot.|Nobody should be pasting official documents into a foreign AI app.}",
        "{The speed of these bans tells you how worried security agencies are.|Governments acted unusually fast.} {TikTok took years; DeepSeek took days.|Compare that with the years of TikTok debate.}",
        "{The bans are mostly symbolic for a free app anyone can run elsewhere.|Banning the app does not ban the model.} {The open weights are already everywhere.|Anyone can run R1 on their own servers.}",
        "{Seoul moved because ministries found staff already using it.|The usage among officials was already widespread.} {It spread faster than the rules.|Policy lagged behind behavior.}",
        "{There is a real risk of overreach.|Some of this is theatre.} {But caution around official data is reasonable.|Still, official data deserves caution.}",
    ],
    dateline="SYDNEY",
)

EVENTS["privacy_censorship"] = _event(
    "negative",
    "Security",
    "privacy deepseek china_ai",
    "security ai",
    headlines=[
        "DeepSeek {censors|dodges} {Tiananmen and Taiwan|Tiananmen and Xi} questions, {tests show|an audit finds}",
        "{Where your DeepSeek data goes: a look at the privacy policy|Where does your DeepSeek data go?}",
        "{Audit|NewsGuard audit} finds DeepSeek {chatbot|} {fails|failed} 83% of news {accuracy|prompts} tests",
        "{Researchers|Security researchers} {find|flag} {code|hidden code} {linking|that could send} DeepSeek {data|logins} to China Mobile",
        "DeepSeek's {two faces|censorship problem}: {open weights, closed answers|great at math, silent on Tiananmen}",
    ],
    ledes=[
        "{Asked about|Questioned about} {the 1989 Tiananmen Square crackdown|Tiananmen Square}{ or Taiwan's status| or Xi Jinping|}, DeepSeek's {chatbot|assistant} {declines|refuses} to {engage|answer} or {repeats|offers} {official|Beijing's} {positions|talking points}{, tests by researchers and journalists show|}, {adding to|fueling} {concerns|worries} {about|over} a Chinese app {now|} used by {millions|tens of millions}.",
        "DeepSeek's privacy policy {says|states} that {the|} {data it collects|information users provide}{, including chat history and uploaded files,| } {is|are} stored on servers in China, {a disclosure|a detail} {that|which} {has|} {alarmed|troubled} {privacy advocates|regulators} {as|while} the app {spreads|has spread} {around the world|worldwide}.",
    ],
    facts=[
        "{NewsGuard|The misinformation watchdog NewsGuard} {found|said} {the|DeepSeek's} chatbot {repeated false claims|repeated falsehoods} or {gave non-answers|failed to answer} {in|on} 83% of {its|} {news-related|news} {prompts|tests}{, placing it near the bottom of the 11 chatbots it tested|}.",
        "{The hosted|DeepSeek's hosted} {chatbot|app} {sometimes|often} {begins|starts} {answering|to answer} a {sensitive|politically sensitive} {question|prompt} {and then|before it} {deletes|erases} {the|its} {answer|response}{, replacing it with a message suggesting a different topic|}.",
        "{When run locally|When the open weights are run locally}, {the|} R1 {model|} is {less|somewhat less} {restrictive|censored}{, though researchers found that some refusals are built into the model itself|}.",
        '{The|DeepSeek\'s} privacy policy {says|also says} {it|the company} {collects|may collect} {"keystroke patterns or rhythms"|keystroke patterns}{, device information and IP addresses| along with device data|}.',
        "{Researchers at Feroot Security|A security firm} {said|reported} {they found|they had found} {code|computer code} in {the|DeepSeek's} {web login page|website} {that could|capable of} {send|sending} user {login|registration} {data|information} to China Mobile{, a state-owned telecom company barred from operating in the US|}.",
        "{Cisco researchers|Researchers at Cisco} {said|found} {R1|DeepSeek-R1} {failed to block|did not block} {any|a single one} of 50 {harmful|malicious} {prompts|jailbreak prompts} {in their tests|they tried}.",
    ],
    quotes=[
        "{The censorship is not a bug, it is the law.|Chinese rules require it.} {Any model served from China will behave this way.|Nobody should be surprised.}",
        "{Keystroke rhythms are a biometric.|Collecting typing patterns is invasive.} {Users should know that before they type.|That is not a detail most users would expect.}",
        "{The open model and the hosted app are two very different things.|Separate the model from the app.} {Run the weights yourself and the data question goes away.|Self-hosting changes the privacy picture entirely.}",
        "{A chatbot that fails most news prompts should not be anyone's source of information.|Accuracy on current events is poor.} {That is true of several Western chatbots too, to be fair.|To be fair, it is not alone.}",
    ],
)

EVENTS["no_deepseek_act"] = _event(
    "negative",
    "Congress",
    "privacy deepseek export_controls",
    "policy security",
    headlines=[
        "{Lawmakers|House lawmakers} {introduce|unveil} {bill|bipartisan bill} to ban DeepSeek on government devices",
        "{'No DeepSeek on Government Devices Act'|A bipartisan bill} {targets|aims at} Chinese AI app",
    ],
    ledes=[
        "{Two members of Congress|A bipartisan pair of lawmakers}, Josh Gottheimer{, a New Jersey Democrat,| } and Darin LaHood{, an Illinois Republican,|,} {on February 6|on Thursday} {introduced|unveiled} {legislation|a bill} {that would ban|to ban} DeepSeek {on|from} {all|} federal government devices.",
    ],
    facts=[
        "{The bill|The proposed law}{, called the No DeepSeek on Government Devices Act,|} would {require federal agencies to|give federal agencies 60 days to} {remove|strip} the app from {government-issued|official} {phones and computers|devices}.",
        "{The lawmakers|Gottheimer and LaHood} {cited|pointed to} {research|reports} {suggesting|claiming} that DeepSeek's {code|website} {could|can} {share user data with|transmit user data to} China Mobile.",
        "{The bill|The measure} {follows|mirrors} a 2022 law that barred TikTok from federal devices.",
        "{Several|A number of} {states|US states}{, including Texas, New York and Virginia,|} have {banned|moved to ban} DeepSeek {on|from} state {devices|systems}.",
    ],
    quotes=[
        "{A federal device ban is the easy part and has broad support.|This bill will pass easily.} {The harder question is whether to restrict the app for everyone.|A consumer ban is a much bigger fight.}",
        "{We have seen this movie with TikTok.|It is TikTok all over again.} {It starts with government devices.|Government devices come first.}",
    ],
    dateline="WASHINGTON",
)

EVENTS["alibaba_rally"] = _event(
    "positive",
    "Markets",
    "alibaba china_ai deepseek",
    "asia markets",
    headlines=[
        "{Hong Kong tech stocks|Chinese tech shares} {rally|surge} on {AI optimism|the DeepSeek effect}; Alibaba {leads|jumps}",
        "{Investors rethink China tech after DeepSeek|A rethink on China tech}: Alibaba and Tencent {gain|rally}",
        "Alibaba's {Qwen|AI} push {wins over|impresses} {investors|analysts}{ as shares climb|}",
    ],
    ledes=[
        "Shares of Alibaba and other Chinese technology {companies|groups} {rallied|surged} in Hong Kong {this week|in early February} as investors {bet|wagered} that DeepSeek's {success|breakthrough} {and|and Alibaba's} Qwen {models|releases} {signal|herald} {a|the} {revival|comeback} of Chinese AI.",
    ],
    facts=[
        "{The Hang Seng Tech Index|Hong Kong's Hang Seng Tech Index} {rose|climbed} {more than 20%|by over 20%} {from its January low|from mid-January}{, putting it in a technical bull market|}.",
        "{Analysts at several banks|Several brokerages} {raised|lifted} their price targets on Alibaba{, citing the outlook for its cloud business| on expectations of faster cloud growth|}.",
        "Alibaba {said|confirmed} {that|} {Qwen|its Qwen models} {had|} {ranked|placed} {highly|near the top} on {the|} Chatbot Arena{ leaderboard, a popular crowd-sourced ranking| rankings}.",
        "{Global funds|Foreign investors} {that had|which had} {cut|reduced} {exposure to|holdings of} {China|Chinese stocks} {for|over} {years|much of the past three years} {began|started} {to rebuild|rebuilding} {positions|stakes}{, brokers said|}.",
    ],
    quotes=[
        "{DeepSeek changed the story about Chinese tech.|The narrative on China tech has flipped.} {A month ago nobody wanted to own it.|A month ago this sector was uninvestable, people said.}",
        "{Alibaba is the cleanest way to own Chinese AI infrastructure.|If you want China AI exposure, Alibaba Cloud is the core.} {Valuations were still cheap.|It was still cheap.}",
    ],
    dateline="HONG KONG",
)

EVENTS["huawei_ascend"] = _event(
    "positive",
    "AI Accelerators",
    "huawei export_controls deepseek china_ai",
    "chips asia",
    headlines=[
        "Huawei {says|confirms} Ascend chips {run|power} DeepSeek-R1 {inference|in the cloud}",
        "DeepSeek {on|running on} Huawei Ascend: {what it means for|a test of} Nvidia's {China business|grip on China}",
        "{Chinese chipmakers|Huawei, Moore Threads and Hygon} {rush|race} to {support|adapt} DeepSeek models",
        "{Can|Could} Huawei's Ascend {replace|substitute for} Nvidia {for inference|in China}?",
    ],
    ledes=[
        "{The Chinese AI start-up|Beijing-based} SiliconFlow and Huawei Cloud {said|announced} {on February 1|this week} {that|} they {had begun|have begun} {offering|serving} DeepSeek's R1 and V3 models {on|running on} Huawei's Ascend {chips|processors}{, a sign that Chinese hardware can handle at least the running of advanced AI models|}.",
        "Huawei's Ascend {processors|AI chips} {are|have been} {running|put to work running} DeepSeek's models {in|on} {Chinese|domestic} {clouds|cloud services}, {raising|reviving} questions about {how long|whether} Nvidia {can|will} {hold on to|keep} its {Chinese|China} {customers|business} {under|amid} US export controls.",
    ],
    facts=[
        "{Inference|Running a model}{, as opposed to training it,| } {requires|needs} {less|less tightly coupled} computing power{ and is seen as an easier market for Chinese chips to win|}.",
        "{Researchers|Engineers} {at|from} DeepSeek {have|} reportedly said {that|} {the|} Ascend 910C {achieves|reaches} {about|roughly} 60% of {the|} {inference|} performance of Nvidia's H100{, according to posts shared online|}.",
        "{Other|Several other} Chinese chipmakers{, including Moore Threads, Hygon and Biren,| } {also|} {said|announced} {their|that their} {chips|processors} {supported|now support} DeepSeek's models.",
        "{Huawei|The company} {is|has been} {limited|constrained} by {how many|the number of} {advanced|cutting-edge} chips SMIC can {produce|make} {without|lacking} {access to|} ASML's {EUV|most advanced} machines.",
        "{Nvidia's|The} H20{, the most powerful chip it is allowed to sell in China,| } {has remained|remains} {popular|in demand} {with|among} Chinese {cloud providers|buyers}{, and orders reportedly rose after DeepSeek's release|}.",
    ],
    quotes=[
        "{Inference is where Huawei can compete first.|Huawei does not need to win training to matter.} {Training is still Nvidia's world.|Training remains out of reach for now.}",
        "{Every DeepSeek deployment on Ascend is a software win for Huawei.|The software stack is the real battleground.} {CUDA's lock-in weakens a little each time.|It chips away at CUDA.}",
        "{Sixty percent of an H100 is not good enough for frontier training.|That gap is still big.} {But it is good enough for a lot of serving.|For serving, it is plenty.}",
    ],
    dateline="SHENZHEN",
)

EVENTS["export_tighten"] = _event(
    "negative",
    "Trade",
    "export_controls nvidia huawei",
    "policy chips",
    headlines=[
        "{Lawmakers|Congress hawks} {push|urge} {curbs on|ban on} Nvidia's H20 {sales to China|after DeepSeek}",
        "{US probes|Commerce investigates} {whether|if} DeepSeek {got|obtained} Nvidia chips {through|via} Singapore",
        "{After DeepSeek|Post-DeepSeek}, Washington {weighs|debates} {tighter|tougher} chip {controls|export controls}",
        "{Singapore|Singapore's} role in Nvidia {sales|revenue} {comes under|draws} {scrutiny|questions}",
        "{The export control debate|Export controls}, reignited: {what hawks want next|where lawmakers stand}",
    ],
    ledes=[
        "{Calls|Pressure} {for|to impose} {tighter|stricter} {US|American} {chip|export} {controls|restrictions} {grew|mounted} {this week|in early February} {as|after} DeepSeek's {success|rise} {convinced|persuaded} {lawmakers|members of Congress} {that|} {existing|the current} {rules|limits} {are|were} {too|} {porous|weak}.",
        "The Commerce Department {is|has been} {investigating|looking into} whether DeepSeek {obtained|bought} {restricted|advanced} Nvidia chips through {intermediaries|third parties} in Singapore{, according to people familiar with the matter|}, {as|while} {Washington|lawmakers} {weigh|weighs} {tighter|new} export {controls|restrictions}.",
    ],
    facts=[
        "John Moolenaar{, the Republican chair of the House select committee on China,| } and Raja Krishnamoorthi{, its top Democrat,| } {urged|wrote to urge} {the administration|National Security Adviser Mike Waltz} to {restrict|ban} {sales|exports} of Nvidia's H20 {chips|} to China.",
        "Singapore {accounted for|made up} {about|roughly} {22%|a fifth} of Nvidia's {revenue|billings} {in|during} {its fiscal third quarter|the third quarter}{, according to company filings|}, {though|although} Nvidia {says|has said} most of {those chips|the shipments} {go|went} to other {destinations|locations}.",
        "Singapore's {government|trade ministry} {said|stated} {it|that it} {expects|expected} {companies|businesses} {operating|based} {there|in Singapore} to {comply with|abide by} {all|} {relevant|applicable} export {controls|laws}.",
        "{Nvidia|The company} {said|said in a statement} it {insists that its partners|requires its customers to} {comply with|abide by} {all applicable laws|the law}{ and that it would act if it found violations|}.",
        "{Any|A} {ban|restriction} on the H20 {could|would} {cost|wipe out} Nvidia {billions of dollars|several billion dollars} {in|of} {annual|yearly} {sales|revenue}{, analysts estimate|}.",
        "{Some experts|Other experts} {argued|said} {that|} DeepSeek's {efficiency|success} {showed|proved} {the|that} {controls|export controls} {were|are} {working|biting}{, since they forced Chinese labs to do more with less|}.",
    ],
    quotes=[
        "{The H20 was always a loophole with a business model attached.|H20 sales were a policy compromise.} {DeepSeek made the loophole visible.|DeepSeek exposed it.}",
        "{Export controls are only as strong as enforcement.|Rules without enforcement are suggestions.} {BIS has a handful of agents for the whole of Asia.|The agency is badly understaffed.}",
        "{Cutting off the H20 would hurt Nvidia more than it hurts China at this point.|Huawei would be the winner of an H20 ban.} {China has alternatives for inference.|Domestic chips are good enough for inference.}",
        "{The Singapore numbers reflect billing addresses, not where the chips end up.|Singapore billing is about headquarters.} {But that is exactly the problem enforcement has to solve.|The ambiguity is the issue.}",
    ],
)

EVENTS["gemini_2"] = _event(
    "positive",
    "AI",
    "google openai deepseek",
    "ai",
    headlines=[
        "Google {makes Gemini 2.0 widely available|releases Gemini 2.0 to everyone}{, adds Pro and Flash-Lite| with a cheap Flash-Lite model}",
        "Gemini 2.0 Flash-Lite {targets|takes aim at} DeepSeek {on price|pricing}",
        "{We tested|Testing} Gemini 2.0 Pro {against|versus} R1 and o3-mini",
    ],
    ledes=[
        "Google {on February 5|on Wednesday} made {its|} Gemini 2.0 Flash {model|} {generally available|available to all developers} and {introduced|launched} {an experimental|a test} version of Gemini 2.0 Pro{ and a low-cost model called Flash-Lite|}, {stepping up|intensifying} {its|the} {competition|price war} with OpenAI and DeepSeek.",
    ],
    facts=[
        "Gemini 2.0 Flash-Lite {costs|is priced at} {7.5 cents|$0.075} per million input tokens{, which Google said makes it its most cost-efficient model yet|}.",
        "{Google|The company} {said|claimed} Gemini 2.0 Pro {is|was} {its|the} {best|strongest} model {yet|} for {coding|coding performance} and {complex|hard} prompts{, with a context window of 2 million tokens|}.",
        "{Google|The company} also {added|rolled out} its Flash Thinking {reasoning|experimental reasoning} model {in|to} the Gemini app.",
        "{In our tests|On our prompts}, Gemini 2.0 Pro {was|proved} {faster|quicker} than R1 {and|but} {slightly|a little} {weaker|behind} on {multi-step|harder} math{, while handling long documents far better|}.",
    ],
    quotes=[
        "{Google is competing on price now, and it has the chips to do it.|Google can price aggressively because it owns its chips.} {TPUs are a real advantage.|That is the TPU dividend.}",
        "{The long context window is still Gemini's killer feature.|Nobody matches Gemini on context length.} {For document-heavy work, it is the obvious choice.|Enterprises notice that.}",
    ],
)

EVENTS["bigtech_capex"] = _event(
    "neutral",
    "Companies",
    "markets google microsoft meta",
    "markets",
    headlines=[
        "Big Tech {to spend|plans} {more than $300 billion|$320 billion} on AI {this year|in 2025} {despite|undeterred by} DeepSeek",
        "Alphabet {shares slide|falls} {on|after} $75 billion capex {plan|forecast} and cloud miss",
        "Amazon {signals|plans} {about|roughly} $100 billion in {capital spending|capex}{ as AI race continues|}",
    ],
    ledes=[
        "{A week after|Days after} {the DeepSeek selloff|DeepSeek rattled investors}, {the biggest|America's largest} technology companies {made clear|signaled} {they have no intention of|they will not be} {slowing|cutting} {their|} AI spending, with Alphabet {forecasting|projecting} $75 billion and Amazon {about|roughly} $100 billion {in capital expenditures|of capex} {for 2025|this year}.",
    ],
    facts=[
        "Alphabet {shares|stock} {fell|dropped} {about 8%|more than 7%} {on February 5|after its results} {after|as} {Google Cloud|cloud} revenue {missed|fell short of} {estimates|forecasts}{ and its capex forecast came in well above expectations|}.",
        "Amazon {chief executive|CEO} Andy Jassy {said|told analysts} {that|} AI {costs|inference costs} {would|will} {fall|come down} {and that|but} {lower|cheaper} {costs|prices} {would|will} {lead to|drive} {more|greater} {usage|demand}{, echoing Satya Nadella|}.",
        "{Combined|Taken together}, Microsoft, Alphabet, Amazon and Meta {plan|are on track} to spend {more than|well over} $300 billion {this year|in 2025}{, mostly on data centers and chips|}.",
        'Sundar Pichai {said|told analysts} {that|} DeepSeek {had done|did} "very, very good work"{ but that Gemini models were among the most efficient|, adding that Google\'s Flash models were highly competitive|}.',
    ],
    quotes=[
        "{If DeepSeek was supposed to kill AI capex, nobody told the hyperscalers.|So much for the end of AI capex.} {Spending is going up, not down.|The numbers went up again.}",
        "{The market now punishes capex it cannot see a return on.|Investors want returns, not just spending.} {Alphabet found that out.|Alphabet learned that the hard way.}",
    ],
)

EVENTS["openai_asia"] = _event(
    "neutral",
    "AI",
    "openai stargate",
    "ai asia",
    headlines=[
        "Altman {tours Asia|visits Tokyo, Seoul and New Delhi} {as|while} OpenAI {courts|woos} partners{ after DeepSeek|}",
        "SoftBank and OpenAI {launch|form} 'SB OpenAI Japan' {with a $3 billion a year deal|in $3 billion annual commitment}",
    ],
    ledes=[
        "Sam Altman {began|kicked off} {an Asian tour|a trip through Asia} {in Tokyo on February 3|this week}{, where SoftBank agreed to spend $3 billion a year on OpenAI technology| with a new SoftBank joint venture|}, {before|then} {heading|traveling} to Seoul and New Delhi {to|as he sought to} {court|woo} {partners|governments and companies} {in the wake of|after} DeepSeek's {rise|success}.",
    ],
    facts=[
        "{The Japanese venture|The joint venture}{, called SB OpenAI Japan,|} {will|is to} {sell|market} OpenAI's {enterprise|corporate} {tools|products} to {Japanese|big Japanese} companies{, starting with SoftBank's own units|}.",
        "{In Seoul|During his Seoul visit}, Altman {announced|agreed} {a partnership|a deal} with Kakao{, the operator of South Korea's most popular messaging app,|} and met {executives from Samsung and SK Group|with Samsung and SK Group executives}.",
        "{In New Delhi|In India}, Altman {said|told an audience} {that|} India {should|could} {be a leader|play a central role} in {the AI revolution|AI}{ and called the country OpenAI's second-largest market by users|}.",
        '{OpenAI|The company} {also|} {launched|released} {its|a} "deep research" {agent|tool}{, which compiles reports from web sources,| } {on February 2|the day before}.',
    ],
    quotes=[
        "{Asia is where the DeepSeek competition will be fiercest.|The battle for Asian enterprise customers is on.} {Altman is making sure OpenAI shows up first.|Being on the ground matters.}",
        "{The SoftBank deal is as much about money as technology.|SoftBank keeps writing checks.} {Son is all in.|Son has bet the company on OpenAI.}",
    ],
    dateline="TOKYO",
)

EVENTS["paris_preview"] = _event(
    "neutral",
    "World",
    "mistral openai deepseek",
    "policy ai",
    headlines=[
        "{World leaders|Leaders and tech bosses} {head to|gather in} Paris for AI summit{ in DeepSeek's shadow|}",
        "{Macron|France} {hosts|readies} AI Action Summit{ with investment pledges| as Europe seeks its place}",
    ],
    ledes=[
        "{Heads of state|World leaders} and technology {executives|chiefs} {are|were} {heading|converging} {to|on} Paris for {the|an} AI Action Summit {on February 10 and 11|next week}, {where|at which} {President Emmanuel Macron|France} {hopes|aims} to {show|prove} that Europe {can|still can} {compete|matter} in AI{ despite the rise of DeepSeek and the might of US companies|}.",
    ],
    facts=[
        "{US Vice President JD Vance|Vice President JD Vance} {will|is due to} {lead|head} the American delegation{, and China is sending Vice Premier Zhang Guoqing|}.",
        "Macron {announced|said} {before the summit|on the eve of the summit} that {private|foreign and domestic} {investors|companies} {would|will} {invest|put} €109 billion {in|into} AI {infrastructure|projects} in France {over the coming years|}.",
        "Mistral AI {launched|released} {its|} Le Chat {mobile|smartphone} app {on February 6|the same week}{, which quickly climbed the French app charts| and Macron promoted it in an interview|}.",
        "{Unlike|In contrast with} {previous|earlier} {summits|gatherings} {at Bletchley Park and Seoul|in Britain and South Korea}, {the Paris meeting|Paris} {is focused on|focuses on} {investment and adoption|opportunity and investment} rather than {safety|risks}.",
    ],
    quotes=[
        "{Paris wants to change the conversation from safety to opportunity.|The tone will be different from Bletchley.} {DeepSeek makes that easier.|DeepSeek gives Europe hope.}",
        "{If a Chinese lab can do it on a budget, Europe has fewer excuses.|DeepSeek shows you do not need a trillion dollars.} {Mistral is the proof point Macron wants.|Mistral is Macron's showcase.}",
    ],
    dateline="PARIS",
)

EVENTS["h20_demand"] = _event(
    "neutral",
    "AI Accelerators",
    "nvidia export_controls china_ai",
    "chips asia",
    headlines=[
        "{Chinese|China's} {cloud firms|tech giants} {step up|boost} H20 orders {as|after} DeepSeek {demand|usage} {soars|surges}",
    ],
    ledes=[
        "Chinese technology companies{ including Tencent, Alibaba and ByteDance| } {have|} {increased|stepped up} {orders|purchases} of Nvidia's H20 {chip|processor} {to|as they race to} {meet|handle} {surging|soaring} demand for DeepSeek's models{, according to supply chain sources|}.",
    ],
    facts=[
        "{The H20|Nvidia's H20} {is|was} {designed|built} to {comply|stay within} US export {controls|limits}{ and has less computing power than the H100 but strong memory bandwidth, which suits inference|}.",
        "{Server makers|Server assemblers} {in|across} {Taiwan and China|the region} {said|reported} {lead times|delivery times} {for|on} H20 {systems|servers} {had|have} {lengthened|grown longer} {since|in} {late January|the past two weeks}.",
        "{The|That} {buying spree|rush} {could|may} {end|stop} {abruptly|suddenly} if Washington {restricts|bans} H20 {sales|exports}{, which lawmakers have urged|}.",
    ],
    quotes=[
        "{DeepSeek is a demand story for Nvidia in China, at least for now.|In China, DeepSeek has been good for Nvidia.} {Everyone wants to serve R1.|Every cloud wants capacity for R1.}",
        "{Buyers are front-loading.|This is panic buying before a possible ban.} {They expect the door to close.|Nobody thinks the H20 will be allowed for long.}",
    ],
)

EVENTS["r1_benchmarks"] = _event(
    "positive",
    "Benchmarks",
    "deepseek meta alibaba",
    "ai",
    headlines=[
        "{We benchmarked every DeepSeek-R1 distilled model|Benchmarking all six DeepSeek-R1 distilled models}{ on a single GPU|}",
        "{Reproducing|Replicating} R1-Zero {on a small budget|for under $100}: {what worked|notes}",
        "{Which|What} R1 distill {should you run|to run} {locally|at home}?",
    ],
    ledes=[
        "DeepSeek {released|published} six distilled versions of R1{, from 1.5 billion to 70 billion parameters,| } {built on|based on} {Alibaba's Qwen and Meta's Llama|Qwen and Llama}, {and we ran|so this post runs} {them all|each of them} {through|on} {the same set of|one set of} {math and coding|reasoning} {benchmarks|tasks} on {consumer|ordinary} hardware.",
        "{Several|A number of} {university|academic} {teams|labs} {have|} {reproduced|replicated} the {core|central} {idea|result} of DeepSeek's R1-Zero{ — reasoning that emerges from reinforcement learning alone —| } on {tiny|small} {budgets|models}, {so we tried the same|and we tried it ourselves} on a rented GPU.",
    ],
    facts=[
        "{The|A} {14 billion|14B} parameter Qwen {distill|distilled model} {was|proved} {the best|our best} {trade-off|compromise} {between|of} {speed and accuracy|accuracy and speed}{ on a 16 GB card|}, {solving|answering} {about|roughly} {70%|two-thirds} of {our|the} {math|test} {problems|questions}.",
        "The {1.5 billion|1.5B} parameter {model|distill} is {fast|quick} but {often|frequently} gets stuck in loops, repeating its reasoning {without reaching|instead of giving} {an answer|a final answer}.",
        "{A team at|Researchers at} the University of California, Berkeley {said|reported} {they|that they} {reproduced|replicated} {R1-Zero's|the} {behavior|key behavior} {on|with} a {3 billion|small 3B} parameter model {for about $30|for under $30} {in|of} {compute|computing costs}.",
        "{Setting|A} temperature {around|of about} 0.6{, as DeepSeek recommends,| } {noticeably|clearly} {reduced|cut} {repetition|looping} {in|for} {the|} {smaller|small} {models|distills}.",
        "{Hugging Face|The Hugging Face team} {started|launched} {Open-R1|an open project called Open-R1} {to|aiming to} {rebuild|reproduce} {the|} {full|entire} R1 {training pipeline|pipeline}{, including the data DeepSeek did not release|} in the open.",
    ],
    quotes=[
        "{The fact that a tiny model learns to check its own work is wild.|Watching a 3B model learn to double-check itself is fascinating.} {The recipe generalizes.|It is not magic, it is the recipe.}",
        "{For most local use, the 14B distill is the sweet spot.|Start with the 14B.} {Bigger ones need more memory than most people have.|The 70B is for people with serious hardware.}",
    ],
)

# ---- W07: Feb 10-16, the aftermath

EVENTS["paris_summit"] = _event(
    "neutral",
    "World",
    "mistral openai anthropic",
    "policy ai",
    headlines=[
        "US and UK {decline to sign|refuse to sign} Paris AI {declaration|summit statement}",
        "Vance {warns|tells} Europe {against|not to pursue} {'excessive regulation'|excessive AI regulation} {at|in} Paris",
        "{EU|Von der Leyen} {unveils|announces} €200 billion InvestAI {plan|initiative} at Paris summit",
        "{What the Paris AI summit achieved|Paris AI summit: winners and losers}",
    ],
    ledes=[
        'The United States and Britain {declined|refused} to sign {a|the} {declaration|final statement} on {"inclusive and sustainable"|inclusive} artificial intelligence at the {end of the|} AI Action Summit in Paris {on February 11|on Tuesday}{, which was backed by about 60 countries including China and France|}.',
        'Vice President JD Vance {told|warned} {world leaders|the summit} in Paris {on February 11|on Tuesday} that "excessive regulation of the AI sector could kill a transformative industry"{ and said the US would not accept foreign rules it considered too restrictive|}.',
    ],
    facts=[
        'European Commission President Ursula von der Leyen {announced|unveiled} {an initiative|a plan}{, called InvestAI,| } to {mobilize|raise} €200 billion {for|to fund} AI {investment|projects} in Europe{, including €20 billion for AI "gigafactories"|}.',
        '{Vance|The vice president} {also|} {warned|cautioned} {allies|countries} against {partnering|working} with {"authoritarian regimes"|authoritarian governments} on AI{, in a thinly veiled reference to China|}.',
        'Dario Amodei{, Anthropic\'s chief executive,| } {called|described} the summit {a|as a} "missed opportunity"{ to address the risks of advanced AI|}.',
        "Britain {said|explained} {it|that it} {had not signed|did not sign} {because|as} the {declaration|statement} {did not|failed to} {provide|give} {enough|sufficient} {clarity|practical clarity} on {global governance|governance} and national security.",
        "Sam Altman and {Google's|Alphabet's} Sundar Pichai {attended|were at the summit}, along with {executives|leaders} {from|of} Mistral AI{ and Chinese officials|}.",
        '{Macron|President Macron} {said|told attendees} {that|} Europe {needed to|had to} "{resynchronize|plug in}" {with|to} the rest of the world{ and cut red tape to compete| and simplify its rules|}.',
    ],
    quotes=[
        "{The US and UK not signing is the headline, but the money is the real story.|Ignore the communique; follow the money.} {Europe finally put numbers on the table.|Europe has real funding commitments now.}",
        "{Vance's speech was a clear message: America will set the rules, not Brussels.|The speech was aimed squarely at the EU AI Act.} {Europe heard it.|Brussels will not like it.}",
        "{Safety dropped almost entirely off the agenda.|Safety was an afterthought in Paris.} {That is a big change from Bletchley.|Two years ago safety was the whole point.}",
    ],
    dateline="PARIS",
)

EVENTS["china_integration"] = _event(
    "positive",
    "China",
    "deepseek china_ai alibaba huawei",
    "asia ai markets",
    headlines=[
        "{Chinese carmakers|BYD, Geely and Great Wall} {race to|rush to} {integrate|build in} DeepSeek",
        "Tencent {tests|adds} DeepSeek {in|to} WeChat search{; Baidu follows| as Chinese giants embrace rival}",
        "{From hospitals to city halls|Across China}, DeepSeek {goes|is going} mainstream",
        "{China's tech giants|Baidu and Tencent} {embrace|adopt} DeepSeek{ despite having their own models|}",
        "{Local governments|Chinese cities} {put DeepSeek to work|deploy DeepSeek in the civil service}",
        "{Why Chinese companies are lining up to use|The rush to plug in} DeepSeek",
        "BYD {to put DeepSeek in its cars|adds DeepSeek to its 'God's Eye' driver system}",
        "{State telecoms|China Mobile, China Telecom and China Unicom} {roll out|offer} DeepSeek to customers",
    ],
    ledes=[
        "{Chinese companies|Companies across China} {are|have been} {rushing|racing} to {integrate|build} DeepSeek's models {into|into their} {products|services}, from {carmakers|automakers} and {phone makers|smartphone brands} to {cloud providers|telecom carriers}{ and local governments|}, {turning the start-up into a national champion|making DeepSeek the country's default model} {almost overnight|in a matter of weeks}.",
        "Tencent {began|has begun} {testing|trialing} DeepSeek {in|inside} the search function of WeChat{, China's ubiquitous messaging app,| } {and|while} Baidu {said|announced} {it|that it} {would|will} {integrate|add} DeepSeek's {models|R1 model} {into|to} its search engine{, a striking embrace of a rival by two companies with their own AI models|}.",
        "BYD{, China's largest carmaker,| } {said|announced} {on February 10|this week} {it|that it} {would|will} {integrate DeepSeek's models into|add DeepSeek's AI to} its {driver-assistance|\"God's Eye\" driving} {system|software}{ across most of its lineup|}, {joining a wave of|the latest in a growing list of} Chinese {companies|firms} {adopting|embracing} {the start-up's|DeepSeek's} {technology|models}.",
    ],
    facts=[
        "Geely{, Great Wall Motor| and Great Wall Motor} and {Leapmotor|Dongfeng} have also {announced plans to integrate|said they will integrate} DeepSeek into their {vehicles|in-car assistants}.",
        "China's three {state-owned|state} {telecom|mobile} carriers{ — China Mobile, China Telecom and China Unicom —| } {have|} {all|each} {rolled out|begun offering} {services|products} {based on|built on} DeepSeek.",
        "{Huawei Cloud, Alibaba Cloud, Baidu AI Cloud and Tencent Cloud|China's major cloud providers} {offer|are all offering} {access to|} DeepSeek's models{ to their customers|}, {often|sometimes} {at discounted prices|with free trials}.",
        "{Several|A number of} {local governments|city governments}{, including Shenzhen's Futian district,|} {say|said} they {are|were} {using|deploying} DeepSeek to {draft documents|help draft documents} and {answer residents' questions|respond to public inquiries}.",
        "{Hospitals|More than a dozen hospitals} {in|across} {several provinces|China} {have|} {said|announced} {they are|they were} {testing|using} DeepSeek {for|to help with} {medical records|paperwork} and {diagnosis support|triage}{, raising questions from some doctors|}.",
        "{Smartphone makers|Phone makers} {such as|including} Honor{, Oppo| and Oppo} and Huawei {have|} {added|said they will add} DeepSeek {to|in} {their|} {voice assistants|AI assistants}.",
        "Tencent's {own|} {AI assistant|chatbot}{, Yuanbao,|} {also|} {added|began offering} DeepSeek-R1 {as an option|alongside its own Hunyuan model}.",
        "{The|This} {adoption|embrace} {is|has been} {encouraged|welcomed} by {local|provincial} {officials|governments}{, who have promoted DeepSeek as proof of Chinese innovation|}.",
    ],
    quotes=[
        "{In China, integrating DeepSeek is now a marketing requirement.|Saying you use DeepSeek moves your stock price in China.} {Every company wants the halo.|Everyone wants to be associated with it.}",
        "{Tencent putting a rival's model in WeChat tells you how good it is.|When Tencent and Baidu adopt a competitor's model, that is a verdict.} {Pride gave way to pragmatism.|They chose the better product.}",
        "{An open model is easy to adopt.|Open weights make integration trivial.} {No licensing negotiations, no lock-in.|There is no contract to negotiate.}",
        "{The carmaker announcements are mostly marketing for now.|Do not overstate what a car does with an LLM.} {It is voice assistants, not self-driving.|It is a chatbot in the dashboard.}",
        "{The speed of adoption has surprised even people inside the industry.|Nobody expected adoption this fast.} {It is becoming infrastructure.|DeepSeek is becoming a utility in China.}",
    ],
)

EVENTS["highflyer_profile"] = _event(
    "neutral",
    "China",
    "highflyer deepseek china_ai",
    "asia markets ai",
    headlines=[
        "{The hedge fund behind DeepSeek|High-Flyer}: how a quant {trading firm|fund} {bankrolled|funded} China's AI {breakthrough|star}",
        "{Who is Liang Wenfeng, the quiet founder of DeepSeek?|Liang Wenfeng: the quant behind DeepSeek}",
        "{Inside|From stock picks to AI:} High-Flyer{, the fund that built DeepSeek| and the 10,000 chips that started it}",
        "{The unlikely|An unlikely} {origin story|path} {of|behind} DeepSeek",
    ],
    ledes=[
        "{Long before|Years before} DeepSeek {rattled|shook} {Wall Street|global markets}, {its founder|Liang Wenfeng} {was|had been} {building|running} High-Flyer, {a|the} {quantitative|computer-driven} hedge fund {in Hangzhou|} {whose|} {profits|trading profits} {and|} {stockpile of Nvidia chips|computing clusters} {made|laid the groundwork for} the AI lab {possible|}.",
        "Liang Wenfeng {rarely|seldom} {speaks|appears} in public, {but|yet} the {40-year-old|reclusive} {founder|engineer} of DeepSeek and {the hedge fund|} High-Flyer {has|is} {become|now} {one of the most talked-about|among the most discussed} {figures|entrepreneurs} in {global|the global} technology.",
    ],
    facts=[
        "{Those who have worked with Liang describe him|Former colleagues describe Liang} as a {technical|hands-on} {leader|manager} who {reads|still reads} {research papers|papers} and {writes|discusses} code{ with his engineers|}.",
        "{According to Chinese media reports,|Chinese media report that} DeepSeek {hires|recruits} {mainly|mostly} {young|recent} graduates and {PhD students|doctoral students}{, paying competitive salaries and giving them access to large amounts of computing|}.",
        "{Liang|He} {has said|told an interviewer} {that|} DeepSeek {has|had} no {immediate|short-term} plans to {raise money|seek outside funding}, {and that its|saying its} {goal|aim} {is|was} {research|to pursue research}, not {quick|short-term} commercialization.",
        "High-Flyer's {computing|} {clusters|investment} {gave DeepSeek|gave the lab} {a head start|an advantage} {that|} {few|most} Chinese start-ups {lacked|did not have}{ when export controls tightened|}.",
        "{Chinese social media|Users on Chinese social media} {have|} {celebrated|lionized} {Liang|the founder} {as|like} a {national hero|hero}{, with his home village in Guangdong drawing visitors|}.",
    ],
    quotes=[
        "{Quant funds are basically GPU companies that trade stocks.|A quant fund already thinks like an AI lab.} {High-Flyer had the compute, the data discipline and the talent.|It had all the ingredients.}",
        "{Liang's advantage was patience and money he did not have to raise.|Not needing venture capital gave DeepSeek freedom.} {No investors asking for revenue next quarter.|No one was pushing for revenue.}",
        "{In China he is already a legend.|He is a folk hero now in China.} {That brings its own pressure.|The attention will be a burden.}",
    ],
    dateline="HANGZHOU, China",
)

EVENTS["anthropic_claude"] = _event(
    "neutral",
    "AI",
    "anthropic openai google",
    "ai markets",
    headlines=[
        "Anthropic {launches|unveils} Economic Index {tracking|to track} how people use Claude {at work|}",
        "Anthropic {said to be|reportedly} {preparing|readying} {hybrid reasoning|new reasoning} Claude model",
        "Anthropic {nears|in talks for} $3.5 billion funding at $61.5 billion valuation{, reports say|}",
        "{Claude's next move|What's next for Claude}{: reasoning, coding and a new funding round|}",
    ],
    ledes=[
        'Anthropic {on February 10|this week} {launched|published} {the Anthropic Economic Index|an "economic index"}{, a study based on millions of anonymized Claude conversations,| } {finding|which found} {that|} software development and writing {account for|make up} {the largest share|most} of {how people use AI at work|work-related AI use}.',
        "Anthropic {is preparing|is said to be preparing} to {release|launch} a new {version of|} Claude {that combines|combining} {a|the} {traditional|standard} {language model|chat model} with {step-by-step|reasoning} {capabilities|abilities}{, according to reports|}, {as|while} {the company|it} {finalizes|nears} a {large|new} funding round.",
    ],
    facts=[
        "{The index|Anthropic's study} {found|said} {that|} {about|roughly} 37% of {conversations|queries} {related|were related} to {software development|coding and software}{, the largest category|}.",
        "{According to the data|Anthropic found that}, 57% of {uses|conversations} {augmented|supported} human work rather than {fully automating it|replacing it}.",
        "{Anthropic|The company} {is|was reported to be} {raising|finalizing} {about|} $3.5 billion {at a valuation of|valuing it at} $61.5 billion{, led by Lightspeed Venture Partners|}.",
        "{The new model|The upcoming Claude} {will|is expected to} {let developers|allow developers to} {control|set} how {long|much} {it|the model} {spends|thinks} {reasoning|on a problem}{, according to The Information|}.",
        "Claude{ 3.5 Sonnet| } {is|remains} {popular|widely used} {among|with} {programmers|developers}{ and powers several coding tools|}.",
    ],
    quotes=[
        "{Anthropic has quietly become the developer's favorite.|Developers love Claude for code.} {The economic data confirms what we see in our logs.|The index matches what we see.}",
        "{A hybrid model that decides when to think is the obvious next step.|Everyone is converging on the same design.} {DeepSeek made reasoning table stakes.|Reasoning is now expected.}",
    ],
)

EVENTS["openai_musk"] = _event(
    "neutral",
    "AI",
    "openai microsoft stargate",
    "ai markets",
    headlines=[
        "Musk-led {group|investors} {bid|offer} $97.4 billion for OpenAI{; Altman says no| nonprofit}",
        "Altman {lays out|unveils} {roadmap|plan}: GPT-4.5 {next|soon}, then GPT-5 {with|and} o3",
        "ChatGPT {reaches|hits} 400 million weekly users{, OpenAI says|}",
    ],
    ledes=[
        'A {group of investors|consortium} {led by|including} Elon Musk {offered|made an unsolicited offer of} $97.4 billion {for|to buy} the nonprofit that controls OpenAI {on February 10|on Monday}, {and|but} Sam Altman {quickly|swiftly} {rejected|dismissed} it, {writing|posting} {on X|online}: "no thank you but we will buy twitter for $9.74 billion if you want."',
        "Sam Altman {on February 12|on Wednesday} {laid out|published} {a|the} {roadmap|product plan} for OpenAI's next models, {saying|writing} that GPT-4.5 {would|will} be {its|the company's} last {model|} {without|that lacks} {chain-of-thought|step-by-step} reasoning{ and that GPT-5 would fold in the o3 model|}.",
    ],
    facts=[
        "{The bid|Musk's bid} {complicates|could complicate} OpenAI's {plan|effort} to {convert|restructure} {into|as} a for-profit company{, since the nonprofit must be paid fair value for its stake|}.",
        'Altman {said|wrote} {that|} OpenAI {wanted|wants} to "return to magic unified intelligence" and {stop making users pick|end the need to choose} {between|among} {models|a menu of models}.',
        "{Brad Lightcap|OpenAI's chief operating officer, Brad Lightcap,} {said|told CNBC} {that|} ChatGPT {had|} {reached|passed} 400 million weekly {active|} users{, up from 300 million in December|}.",
        "{OpenAI|The company} has also {said|told partners} that it {expects|plans} to {spend|devote} {more|a growing share} of its computing {budget|} on Stargate{ as it reduces its dependence on Microsoft|}.",
    ],
    quotes=[
        "{The bid is a legal maneuver as much as an offer.|It's more lawsuit strategy than acquisition.} {It sets a price the nonprofit's board has to think about.|It puts a floor under the valuation.}",
        "{Simplifying the model lineup is overdue.|The model picker has been a mess.} {Users should not need to know what o3-mini-high means.|Nobody understands the names.}",
    ],
)

EVENTS["tsmc_jan"] = _event(
    "positive",
    "Foundry",
    "tsmc nvidia",
    "chips asia markets",
    headlines=[
        "TSMC's January {revenue jumps|sales jump} {36%|35.9%}{, shrugging off DeepSeek| as AI demand holds}",
        "TSMC {board approves|approves} {record|big} {capital|US} {spending|budget}{ amid tariff threats|}",
    ],
    ledes=[
        "TSMC {on February 10|on Monday} {reported|said} {that|} {its|} January revenue {rose|jumped} 35.9% {from a year earlier|year on year} to NT$293.3 billion{, a sign that AI chip demand remained robust after the DeepSeek shock|}.",
    ],
    facts=[
        "{The figure|January's figure} was slightly lower than December's{, which is normal for the Lunar New Year period|, in line with seasonal patterns|}.",
        "{TSMC's board|The board} {approved|signed off on} {about|roughly} $17 billion in {capital appropriations|capital spending}{ to expand capacity, including in Arizona|}.",
        "{President Trump|Trump} {has|} {threatened|said he would impose} {tariffs|import tariffs} on {chips|semiconductors} {made|produced} {in Taiwan|abroad}{, accusing Taiwan of taking the US chip business|}.",
    ],
    quotes=[
        "{TSMC's numbers are the best real-time read on AI demand.|Monthly sales from TSMC do not lie.} {They are not showing any DeepSeek effect.|No sign of a slowdown here.}",
        "{Tariffs are the real risk for TSMC this year, not DeepSeek.|Washington is a bigger risk than Hangzhou.} {Investors are watching the White House.|Policy, not demand, is the worry.}",
    ],
    dateline="TAIPEI",
)

EVENTS["chip_smuggling"] = _event(
    "negative",
    "National Security",
    "export_controls nvidia",
    "policy chips",
    headlines=[
        "{Republicans|Lawmakers} {demand|seek} {answers|details} on Nvidia chip {flows|sales} {to|through} Southeast Asia",
        "{Export control enforcement|BIS enforcement} {under|faces} {scrutiny|pressure} {after|in wake of} DeepSeek",
    ],
    ledes=[
        "{Members of Congress|Lawmakers} {are|have been} {pressing|pushing} the Commerce Department to explain {how|how many} {advanced|restricted} Nvidia chips {reached|may have reached} {China|Chinese buyers} {through|via} {Southeast Asia|third countries}, as scrutiny of {export control|BIS} enforcement {intensifies|grows} {after|following} DeepSeek.",
    ],
    facts=[
        "{The Bureau of Industry and Security|BIS} {has|employs} {only|just} {a few|a handful of} export control officers {stationed|based} {overseas|abroad}{ to check where American chips end up|}.",
        "{Smuggling|Diversion} {cases|schemes} {have|} {involved|used} {shell companies|front companies} in {Singapore, Malaysia and elsewhere|Southeast Asia}{ that resell servers to Chinese buyers|, according to court filings and reports|}.",
        "{Nvidia|The company} {has said|said} {it|that it} {follows|complies with} {all|} {export|applicable} {rules|laws} and {that|} {most|much} of its Singapore-billed revenue {is for|reflects} {chips shipped|products delivered} {elsewhere|to other countries}.",
        "{Lawmakers|Some lawmakers} {have|} {proposed|suggested} requiring {chips|advanced chips} to {carry|include} {location verification|tracking features}{ to prevent diversion|}.",
    ],
    quotes=[
        "{The controls leak at the edges, everyone knows that.|Diversion has always been the weak spot.} {DeepSeek just made it politically urgent.|Now it is a political priority.}",
        "{Location verification sounds simple and is not.|Tracking chips is technically hard.} {But the idea will get traction.|Expect it in legislation.}",
    ],
    dateline="WASHINGTON",
)

EVENTS["gemini_update"] = _event(
    "positive",
    "AI",
    "google",
    "ai",
    headlines=[
        "Gemini {can now remember|adds memory of} {past conversations|earlier chats}{ for paying users|}",
        "Google brings Gemini 2.0 {models|Flash Thinking} to {the Gemini app|more users}{ for free|}",
    ],
    ledes=[
        "Google {on February 13|this week} began rolling out a feature that lets {its|} Gemini {assistant|chatbot} {recall|refer back to} {past conversations|earlier chats}{ for subscribers to its Gemini Advanced plan|}, {part of|in} a {steady|rapid} {stream|run} of {updates|releases} since {the launch of|} Gemini 2.0.",
    ],
    facts=[
        "{Users|Subscribers} {can|are able to} {ask|prompt} Gemini to {summarize|recall} {what they discussed|previous discussions}{ and pick up where they left off|}, {and|} {can|may} {review|delete} {their|} {chat history|past chats} {at any time|whenever they want}.",
        "{The feature|Memory} {is|was} {available|launching} {first|initially} in English{ for Gemini Advanced subscribers|}, Google said.",
        "Gemini users also {gained|got} access to the 2.0 Flash Thinking {model|reasoning model}{, which shows its reasoning steps,|} {for free|in the app}.",
        "{In our brief tests|In a quick test}, the memory {feature|function} {correctly|accurately} {recalled|remembered} {a|the} {project|trip} {discussed|we had discussed} {a week earlier|days before}{, but missed details|}.",
    ],
    quotes=[
        "{Memory is the feature that makes an assistant feel like an assistant.|Memory changes how people use a chatbot.} {ChatGPT has had it for a year.|Google is catching up here.}",
        "{Google's pace has picked up noticeably.|Google is shipping much faster than a year ago.} {The reorganization seems to be paying off.|The reorg is showing results.}",
    ],
)

# ---- W08: Feb 17-23

EVENTS["liang_xi"] = _event(
    "positive",
    "China",
    "deepseek highflyer china_ai huawei",
    "asia policy markets",
    headlines=[
        "Xi Jinping {meets|hosts} {tech entrepreneurs|private business leaders} {including|with} DeepSeek's Liang Wenfeng{ and Jack Ma|}",
        "Jack Ma, Liang Wenfeng {among|join} {executives|business leaders} at {rare|landmark} Xi {symposium|meeting}",
        "{Xi's meeting with private sector bosses signals policy shift|Xi embraces tech bosses in sign of support}{; DeepSeek founder in front row|}",
        "{Front row at the Great Hall|A seat with Xi}: {what Liang Wenfeng's presence means|why Liang Wenfeng's appearance matters}",
        "{Chinese tech stocks rise|Tech shares climb} {after|as} Xi {meets|courts} entrepreneurs",
    ],
    ledes=[
        "Chinese President Xi Jinping {on February 17|on Monday} {met|held a symposium with} {the country's|} {leading|top} private entrepreneurs{, including DeepSeek founder Liang Wenfeng, Alibaba co-founder Jack Ma and Huawei's Ren Zhengfei,| } in {a rare|an unusual} {show|display} of {support|backing} for the private sector{ after years of regulatory crackdowns|}.",
        "Liang Wenfeng, {the founder|founder} of DeepSeek, {sat|was seated} {among|with} {China's|the country's} {most powerful|best-known} {business leaders|entrepreneurs} {as|when} Xi Jinping {convened|hosted} {a|a closed-door} {meeting|symposium} in Beijing {on February 17|on Monday}{, cementing the start-up's status as a national champion|}.",
    ],
    facts=[
        "{Also present were|Other attendees included} {Xiaomi's|Xiaomi founder} Lei Jun, {BYD's|BYD chairman} Wang Chuanfu, {Tencent's|Tencent chief} Pony Ma and Wang Xingxing{, founder of the robot maker Unitree|}{, according to state media|}.",
        "Jack Ma's {appearance|presence} was {widely|} {seen|read} as the {clearest|strongest} {sign|signal} yet that {Beijing's|the government's} {crackdown|campaign} on {tech|internet} companies{, which began in 2020,|} {is|was} over.",
        'Xi {told|urged} {the|} {entrepreneurs|business leaders} to "show their talent"{ and said the private economy had broad prospects| and pledged to remove obstacles to fair competition|}, according to {Xinhua|the state news agency Xinhua}.',
        "Liang{, 40,|} {did not speak at the meeting|was not reported to have spoken}{, according to state broadcaster CCTV|}.",
        "{Hong Kong-listed|Chinese} tech {shares|stocks} {rose|climbed} {after|following} the {meeting|symposium}{, with Alibaba gaining and the Hang Seng Tech index near a three-year high|}.",
        "{Liang's|His} {invitation|presence} came {about a month|four weeks} after {he attended|his appearance at} a {symposium|meeting} with Premier Li Qiang{ on the day R1 was released|}.",
    ],
    quotes=[
        "{The seating chart was the message.|Who sat where tells the story.} {Liang next to Ren Zhengfei and Jack Ma says AI is now national strategy.|DeepSeek is now part of the national story.}",
        "{For private entrepreneurs, this is the warmest signal from Xi in years.|This is the most pro-business meeting in years.} {Investors will take comfort.|Markets will read it as a turn.}",
        "{It is remarkable how fast DeepSeek went from unknown to the Great Hall of the People.|Two months ago almost nobody had heard of Liang.} {That is the speed of Chinese politics when it wants a hero.|Beijing wanted a hero.}",
    ],
    dateline="BEIJING",
)

EVENTS["open_source_week"] = _event(
    "positive",
    "Open Source",
    "deepseek meta",
    "ai",
    headlines=[
        "DeepSeek {announces|plans} 'Open Source Week'{, will release five repositories| with five code releases}",
        "DeepSeek {to open-source|will publish} {infrastructure|internal} code {starting February 24|next week}",
        "{What to expect from|Preview:} DeepSeek's Open Source Week",
    ],
    ledes=[
        'DeepSeek {said|announced} {on February 21|on Friday} {that|} it {would|will} {release|open-source} five {code repositories|repositories} {over|during} {the coming week|next week}{, starting February 24,| } {in what it called|calling it} "Open Source Week"{, offering a look at the infrastructure behind its models|}.',
    ],
    facts=[
        '"These humble building blocks in our online service have been documented, deployed and battle-tested in production," DeepSeek {wrote|said} {on X|in a post}.',
        '{The company|DeepSeek} {described its team as|called itself} "a tiny team" {exploring|pursuing} AGI{ and said it would share its progress with "full transparency"|}.',
        "{Developers|Engineers} {expect|hope} the {releases|repositories} to {include|cover} {the|} {kernels and|} {tools|software} {behind|that underpin} {DeepSeek's|its} {efficient|low-cost} {training and inference|inference}{, such as attention kernels and communication libraries|}.",
        "{Most|Many} {AI labs|leading labs} {release|publish} {weights|model weights} {but not|without} {the|} {infrastructure|systems} code {used|needed} to {train|serve} {them|models} {efficiently|at scale}.",
    ],
    quotes=[
        "{Releasing infrastructure code is rarer than releasing weights.|Weights are one thing; infrastructure is another.} {This is the stuff labs usually guard.|Labs usually keep this secret.}",
        "{If the kernels are as good as the papers suggest, every inference provider will adopt them.|Every serving stack will borrow from this.} {That is real value for the ecosystem.|It lifts everybody.}",
    ],
    dateline="HANGZHOU, China",
)

EVENTS["nvidia_preview"] = _event(
    "neutral",
    "Markets",
    "nvidia markets deepseek tsmc",
    "markets chips",
    headlines=[
        "Nvidia earnings preview: {can Blackwell|will Blackwell} {silence|quiet} the DeepSeek doubters?",
        "{What to watch in|Five things to watch in} Nvidia's {results|fourth-quarter results} {on February 26|next week}",
        "Nvidia {heads into|faces} {results|earnings} {having recovered|after clawing back} {most|much} of its DeepSeek losses",
        "{Wall Street expects|Analysts expect} {$38 billion|record} {in|} {quarterly|} revenue from Nvidia{ as Blackwell ramps|}",
        "{Options market braces|Traders brace} for {big|a big} {move|swing} in Nvidia {after|on} earnings",
        "{Is the DeepSeek scare over|Has the DeepSeek panic passed} for Nvidia?",
    ],
    ledes=[
        "Nvidia {reports|will report} fourth-quarter results on February 26, {its first|the first} {since|after} {the DeepSeek selloff|DeepSeek's R1 wiped out nearly $600 billion of its value in a day}, and {investors|analysts} {want|will be looking for} {reassurance|evidence} that demand for its {Blackwell|newest} chips {remains|is still} {strong|robust}.",
        "{Nearly|Almost} {a month|four weeks} after {its|a} record {one-day|} {loss|selloff}, {Nvidia's stock has|Nvidia shares have} {recovered|regained} {most|much} of {the|its} {ground|decline}, {setting up a|ahead of a} {high-stakes|closely watched} {earnings report|set of results} {next week|on February 26}.",
    ],
    facts=[
        "{Analysts|Wall Street analysts} {expect|forecast} revenue of {about|roughly} $38 billion for the {quarter|three months} {ended|ending} in January{, up more than 70% from a year earlier|, according to consensus estimates|}.",
        "{Investors|Analysts} will focus on {Blackwell|the Blackwell ramp}{, which had early production problems,|} and on {gross margins|margins}{, which are expected to dip as the new chips ramp|}.",
        "{The stock|Nvidia shares} {closed|ended} {at about $140|around $140} {on February 18|this week}{, well above the $118 low of January 27|}.",
        "{Options pricing|The options market} {implies|suggests} a {move|swing} of {about|roughly} {7%|8%} in {either direction|the stock} {after|following} the {report|results}.",
        "{Jensen Huang|Huang} {is|was} expected to {address|discuss} DeepSeek {directly|on the call}{ and argue that reasoning models will need far more computing|}.",
        "{Microsoft, Meta, Alphabet and Amazon|Nvidia's biggest customers} {all|} {raised|lifted} their capex {plans|forecasts} in their latest {earnings reports|results}{, which analysts see as a tailwind|}.",
    ],
    quotes=[
        "{The DeepSeek panic has faded, but the question has not gone away.|The stock recovered; the debate did not.} {Guidance for the April quarter is what matters.|It is all about guidance.}",
        "{Blackwell supply is the story.|Everything hinges on Blackwell.} {If they can ship it, the numbers will be huge.|Demand is not the constraint, supply is.}",
        "{Hyperscaler capex guidance already answered the DeepSeek question.|The customers already told us.} {Nvidia just has to confirm it.|This report should confirm it.}",
        "{Expectations are high again, which is the risk.|The bar is high.} {A beat may not be enough.|A small beat could disappoint.}",
    ],
    dateline="NEW YORK",
)

EVENTS["alibaba_earnings"] = _event(
    "positive",
    "Markets",
    "alibaba china_ai deepseek",
    "asia markets",
    headlines=[
        "Alibaba {shares soar|stock jumps} {as|after} cloud {growth|revenue} {accelerates|picks up} on AI demand",
        "Alibaba {beats|tops} {forecasts|estimates}; Eddie Wu {says|calls} AGI {the|its} {'primary objective'|top goal}",
    ],
    ledes=[
        "Alibaba {shares|stock} {jumped|surged} {on February 20|on Thursday} after {the company|it} {reported|posted} {better-than-expected|stronger than expected} quarterly {results|revenue} and {faster|accelerating} growth at its cloud {unit|division}{, driven by demand for AI|}.",
    ],
    facts=[
        "{Revenue|Quarterly revenue} {rose|grew} 8% to 280.2 billion yuan{ in the December quarter|}, {while|and} {revenue at|} Alibaba Cloud {revenue|} {grew|rose} 13%{, with AI-related product revenue growing at triple digits for a sixth straight quarter|}.",
        "Eddie Wu {said|told analysts} {that|} {achieving|pursuing} {artificial general intelligence|AGI} {was|is} {now|} {Alibaba's|the company's} \"primary objective\".",
        "{Alibaba's|The company's} {US-listed|New York-listed} {shares|stock} {rose|gained} {about 8%|more than 8%}{, and its Hong Kong shares jumped 14% the next day|}.",
        "{Alibaba|The company} {said|signaled} {it|that it} {would|will} {significantly|sharply} {increase|raise} {its|} {spending|investment} on {AI and cloud|AI infrastructure} {over the next three years|in coming years}.",
    ],
    quotes=[
        "{This is the quarter that made Alibaba an AI stock.|Alibaba has been re-rated as an AI company.} {Cloud is finally growing again.|Cloud growth is back.}",
        "{DeepSeek helped Alibaba more than it hurt it.|The DeepSeek boom lifted Alibaba Cloud.} {More AI usage means more cloud revenue.|Every model needs a cloud.}",
    ],
    dateline="HONG KONG",
)

EVENTS["grok3"] = _event(
    "neutral",
    "AI",
    "openai google deepseek",
    "ai",
    headlines=[
        "Elon Musk's xAI {launches|unveils} Grok 3, {claims top marks on benchmarks|says it beats OpenAI, DeepSeek and Google on benchmarks}",
    ],
    ledes=[
        "Elon Musk's xAI {on February 17|late on Monday} {released|unveiled} Grok 3{, a model trained on its Colossus supercomputer in Memphis,| } {and claimed|claiming} {that|} it {outperformed|beat} {models from|rival models from} OpenAI, Google and DeepSeek on {math, science and coding|several} benchmarks.",
    ],
    facts=[
        "{xAI|The company} {said|claimed} Grok 3 {was|had been} trained with {about|roughly} {ten times more computing than|10 times the compute of} {its predecessor|Grok 2}{, using some 100,000 Nvidia H100 chips| on around 200,000 GPUs|}.",
        '{Musk\'s company|The company} also {released|launched} {reasoning|"Think"} {versions|modes}{ of Grok 3| that show their reasoning|}{, in direct competition with R1 and o3-mini|}.',
        "{Some|Several} {researchers|AI researchers} {questioned|disputed} {the way|how} xAI {presented|charted} {its|the} benchmark results{, particularly comparisons with OpenAI's o3-mini|}.",
        "{Grok 3|The model} {is|was} {available|rolled out} {first|initially} {to|for} {subscribers|paying subscribers} {of|to} X{'s Premium+ tier|}.",
    ],
    quotes=[
        "{Grok 3 shows that brute-force compute still works.|Scale still works, and xAI has the scale.} {DeepSeek shows that efficiency works too.|Both strategies produce frontier models now.}",
        "{Benchmark charts from every lab need an asterisk now.|Every lab's charts deserve skepticism.} {Wait for independent evaluations.|Independent testing will tell.}",
    ],
)

EVENTS["llamacon"] = _event(
    "positive",
    "AI",
    "meta deepseek",
    "ai",
    headlines=[
        "Meta {announces|to hold} LlamaCon{, its first AI developer conference,| } {for|on} April 29",
        "{After DeepSeek|With DeepSeek on its heels}, Meta {doubles down|bets again} on {open-source|open} Llama with LlamaCon",
    ],
    ledes=[
        "Meta {said|announced} {on February 18|on Tuesday} {that|} it {would|will} {hold|host} LlamaCon, {its first|a} developer conference {devoted|dedicated} to {its|} {open-source|open} Llama {models|AI models}, {on April 29|in the spring}{, as it seeks to keep developers on its platform amid DeepSeek's rise|}.",
    ],
    facts=[
        "{Meta|The company} {said|promised} {it|that it} {would|will} {share|present} {the latest|its latest} {open-source AI developments|Llama news} {at the event|there}{ to help developers build apps and products|}.",
        "{Meta|Mark Zuckerberg} {has|} {said|promised} {that|} Llama 4 {will|would} {ship|be released} {in|during} {the coming months|the first half of the year}{, including smaller models for phones|}.",
        "{Some of DeepSeek's|Several of the} distilled R1 models {were|are} {built on|based on} Llama{, which Meta executives have cited as evidence that open models help everyone|}.",
    ],
    quotes=[
        "{LlamaCon is Meta saying: we are still the open-source leader.|It is a flag-planting exercise.} {DeepSeek took that title for a few weeks.|It wants the crown back.}",
        "{Developers go where the tooling is best.|Tooling wins developers.} {Meta has a head start there.|Llama's ecosystem is still the biggest.}",
    ],
)

EVENTS["tsmc_asml_w08"] = _event(
    "neutral",
    "Supply Chain",
    "tsmc asml export_controls",
    "chips asia markets",
    headlines=[
        "TSMC {denies|plays down} {reports|talk} of {Intel|an Intel} {joint venture|tie-up}",
        "ASML {says|sees} no {DeepSeek|AI} {slowdown|hit to orders} as {chipmakers|customers} {keep spending|stay on track}",
        "{Taiwan's chip supply chain braces|Chip suppliers brace} for {US tariffs|tariffs} {as|while} AI {orders hold|demand holds}",
    ],
    ledes=[
        "TSMC {has|} {played down|declined to comment on} {reports|media reports} that it {is|was} {considering|in talks on} {taking a stake in|running} Intel's {factories|chip plants} {at the request of|under pressure from} the Trump administration{, as Washington pushes to revive American chip manufacturing|}.",
        "{Semiconductor equipment makers|Chip toolmakers} {including|led by} ASML {say|said} {orders|customer demand} {have|has} {held up|remained firm} {since|after} {the|} DeepSeek {selloff|shock} {in late January|last month}, {as chipmakers stick|with TSMC and others sticking} to their {spending|investment} plans.",
    ],
    facts=[
        "{Intel|Intel's} {shares|stock} {jumped|rose} {after|on} {reports|the reports}{ that TSMC and Broadcom were each studying deals involving Intel's businesses|}.",
        "{TSMC's|The company's} {Arizona|US} {expansion|investment} {already|} {totals|amounts to} {about|} $65 billion{ across three planned factories|}.",
        "ASML {executives|management} {said|told investors} {at|during} {an investor|an industry} {conference|event} that {AI-related|AI} demand for {advanced|leading-edge} {chips|logic and memory} {remained|was still} {strong|solid}.",
        "{Taiwan's|The Taiwanese} {economy ministry|government} {said|says} {it|that it} {was|is} {consulting|talking} with {chipmakers|the industry} {about|on} {possible|potential} {US|American} tariffs{ on semiconductors|}.",
    ],
    quotes=[
        "{TSMC has no interest in running Intel's fabs.|Running Intel's factories makes little sense for TSMC.} {But it cannot say no to Washington outright.|Politics may force its hand.}",
        "{Equipment orders lead the cycle.|Toolmakers see demand first.} {So far nothing has been cancelled.|Nothing has slowed.}",
    ],
)

EVENTS["msft_majorana"] = _event(
    "neutral",
    "Companies",
    "microsoft openai",
    "ai markets",
    headlines=[
        "Microsoft {unveils|shows off} Majorana 1 quantum chip{, claims new state of matter|}",
        "Nadella {says|argues} AI's {real|true} benchmark {is|should be} economic growth",
    ],
    ledes=[
        "Microsoft {on February 19|on Wednesday} {unveiled|announced} Majorana 1, a quantum computing chip {that it says|it says} {could|will} {lead|pave the way} to {useful|practical} quantum computers {in years rather than decades|within years}, {while|as} {chief executive|CEO} Satya Nadella {argued|said} {in a podcast interview|separately} that AI's {value|success} {should|must} {be measured|show up} in {economic growth|GDP}.",
    ],
    facts=[
        "{Microsoft|The company} {said|claimed} the chip {uses|relies on} {a new class of|new} materials {called|known as} topoconductors{ to create more stable qubits|}.",
        "{Some|Several} {physicists|researchers} {said|cautioned} {that|} {Microsoft's|the company's} {claims|results} {needed|need} {more|further} {independent|peer} {evidence|verification}{, citing earlier retractions in the field|}.",
        'Nadella {said|told podcaster Dwarkesh Patel} {that|} {declaring|self-declaring} {AGI|artificial general intelligence} {milestones|} {was|is} "nonsensical benchmark hacking"{ and that the real test would be the world economy growing faster|}.',
        "{Microsoft|The company} has also {said|told analysts} that it {would|will} {continue to|} {invest|spend} heavily in AI {infrastructure|data centers} {through|into} {next fiscal year|2026}.",
    ],
    quotes=[
        "{Quantum announcements have a long history of overpromising.|Quantum has disappointed before.} {This one deserves a careful look.|Skepticism is healthy.}",
        "{Nadella is setting a higher bar than most AI executives.|GDP growth as the benchmark is a sensible test.} {It is also a subtle dig at OpenAI's AGI talk.|It reads as a jab at AGI hype.}",
    ],
)

EVENTS["lutnick_confirmed"] = _event(
    "negative",
    "Trade",
    "export_controls diffusion nvidia",
    "policy",
    headlines=[
        "Senate {confirms|approves} Lutnick {as|for} commerce secretary{; export controls top his list| with chips in focus}",
    ],
    ledes=[
        "The Senate {on February 18|on Tuesday} {confirmed|approved} Howard Lutnick as commerce secretary, {putting|placing} {a|the} {self-described|} {China hawk|hard-liner on China} in charge of the {department|agency} that {writes|sets} {US|American} export controls{ on AI chips|}.",
    ],
    facts=[
        "{Lutnick|He} {will|is to} {oversee|run} the Bureau of Industry and Security{, which maintains the Entity List and decides export licences| and the AI diffusion rule's implementation|}.",
        "{Lutnick|The new secretary} {told|promised} senators {at his confirmation hearing|last month} that he would give BIS {more|additional} {resources|enforcement power}{ and review the diffusion rule|}.",
        "{Industry groups|Chip companies} {have|} {lobbied|pressed} {the administration|the White House} to {rescind|scrap} {or rewrite|or revise} the AI diffusion rule {before|ahead of} {its|the} May {compliance deadline|deadline}.",
    ],
    quotes=[
        "{Lutnick has said all the hawkish things.|His rhetoric is very hawkish.} {The question is whether Trump uses chips as a bargaining chip with Beijing.|Chips could become part of a trade deal.}",
    ],
    dateline="WASHINGTON",
)

EVENTS["korea_suspension"] = _event(
    "negative",
    "Technology",
    "privacy deepseek",
    "security asia policy",
    headlines=[
        "South Korea {suspends|halts} {new|} DeepSeek downloads over {privacy|data} {concerns|breach}",
        "Seoul {regulator|watchdog} {says|finds} DeepSeek {sent|shared} user data with ByteDance",
    ],
    ledes=[
        "South Korea's Personal Information Protection Commission {said|announced} {on February 17|on Monday} {that|} DeepSeek {had|} {suspended|halted} {new downloads|downloads} of its app in {the country|Korea} {after the regulator found|while the regulator reviews} {shortcomings|problems} in {how|the way} {the company|it} {handles|handled} personal data.",
    ],
    facts=[
        "{The commission|The PIPC} {said|told reporters} {the|} {app|service} {would|could} {return|be restored} {once|after} {it|DeepSeek} {complied|complies} with {Korean|local} privacy law{, and that existing users could still use it|}.",
        "{The regulator|Officials} {later|also} {said|disclosed} {that|} {DeepSeek|the app} {had|} {transmitted|sent} user data to ByteDance{, TikTok's owner,| } {though|but} {it was unclear|it did not say} {what|how much} data {was|had been} {shared|sent}.",
        "DeepSeek {had|} {appointed|named} {a local representative|local legal representatives} in South Korea{ and acknowledged it had not fully considered local rules|}.",
    ],
    quotes=[
        "{Suspending downloads is a proportionate step.|This is a measured response.} {It does not punish existing users while the review runs.|Existing users keep access.}",
        "{The ByteDance link will make this much harder for DeepSeek politically.|The ByteDance detail is damaging.} {It feeds the TikTok comparison.|It revives the TikTok playbook.}",
    ],
    dateline="SEOUL",
)


# --------------------------------------------------------------------------- hand-written pieces
# Non-English articles and the lifestyle decoys are written out in full.


@dataclass(frozen=True)
class Written:
    outlet: str
    when: str  # ISO timestamp, UTC
    language: str
    title: str
    summary: str
    paragraphs: tuple[str, ...]
    section: str
    tone: str = "neutral"
    decoys: tuple[str, ...] = ()  # watchlist ids whose surface form appears here in another sense
    author: str = ""


# fmt: off
WRITTEN: tuple[Written, ...] = (
    Written(
        "digitalblick", "2025-01-07T09:40:00Z", "de",
        "Nvidia zeigt auf der CES neue Grafikkarten und einen KI-Rechner für den Schreibtisch",
        "Jensen Huang eröffnet die Technikmesse in Las Vegas mit der RTX-50-Serie (hierzulande ab gut 2.300 €), „Project Digits“ und viel Robotik – die Börse reagiert euphorisch.",
        (
            "Las Vegas – Nvidia-Chef Jensen Huang hat die Technikmesse CES am Montagabend mit einer fast zweistündigen Keynote eröffnet und dabei deutlich gemacht, wohin der Chipkonzern will: weg vom reinen Rechenzentrum, hin zu Robotern, Autos und Arbeitsplatzrechnern, auf denen künstliche Intelligenz lokal läuft.",
            "Im Mittelpunkt standen die neuen Grafikkarten der GeForce-RTX-50-Serie auf Basis der Blackwell-Architektur. Das Spitzenmodell RTX 5090 soll in den USA 1.999 Dollar kosten; in Deutschland rechnen Händler mit Preisen von deutlich über 2.300 Euro. Die kleineren Modelle sollen ab Ende Januar in den Handel kommen.",
            "Für Aufsehen sorgte vor allem „Project Digits“, ein kompakter Rechner für Entwickler, der KI-Modelle mit bis zu 200 Milliarden Parametern ausführen kann. Der Preis beginnt bei 3.000 Dollar, ausgeliefert werden soll ab Mai. „Damit steht ein KI-Supercomputer auf jedem Schreibtisch“, sagte Huang vor rund 6.000 Zuhörern.",
            "Außerdem stellte Nvidia mit Cosmos eine Familie sogenannter Weltmodelle vor, die Robotern und autonomen Fahrzeugen beibringen sollen, wie sich die physische Welt verhält. Toyota will künftig Nvidias Fahrzeugcomputer einsetzen. „Der ChatGPT-Moment für die Robotik steht kurz bevor“, sagte Huang.",
            "An der Börse kamen die Ankündigungen gut an: Die Nvidia-Aktie erreichte am Montag ein Rekordhoch, gab am Dienstag allerdings wieder nach. „Für Anleger sind die Gaming-Karten zweitrangig – entscheidend ist, dass Blackwell in voller Produktion ist“, sagte Lena Hartmann, Analystin bei Rheinwerk Research in Frankfurt.",
            "Auch europäische Zulieferer profitieren vom anhaltenden KI-Boom. Der niederländische Maschinenbauer ASML und die Chipfertiger im Umfeld von TSMC, der in Dresden ein gemeinsames Werk mit Bosch, Infineon und NXP baut, gelten als Nutznießer der steigenden Nachfrage nach Rechenleistung.",
        ),
        "Halbleiter", "positive", author="Jonas Brandt",
    ),
    Written(
        "digitalblick", "2025-01-15T14:10:00Z", "de",
        "EU kritisiert neue US-Exportregeln für KI-Chips",
        "Washington teilt die Welt beim Zugang zu KI-Chips in drei Stufen ein. Dass mehrere EU-Staaten nur in der mittleren Kategorie landen, sorgt in Brüssel für Unmut.",
        (
            "Brüssel/Washington – Die EU-Kommission hat mit deutlicher Kritik auf die neuen US-Exportregeln für Hochleistungschips reagiert. Die scheidende Regierung von Präsident Joe Biden hatte am Montag die sogenannte „AI Diffusion Rule“ vorgestellt, die den Export von KI-Chips in rund 120 Länder mengenmäßig begrenzt.",
            "Nach dem Regelwerk des US-Handelsministeriums dürfen nur 18 enge Verbündete – darunter Deutschland, Frankreich, die Niederlande und Irland – uneingeschränkt Chips von Nvidia und anderen US-Herstellern beziehen. Andere EU-Mitglieder wie Polen, Portugal, Tschechien und die baltischen Staaten fallen dagegen in die mittlere Stufe und unterliegen Obergrenzen.",
            "„Wir sind besorgt darüber, dass einige Mitgliedstaaten benachteiligt werden“, erklärten Vizepräsidentin Henna Virkkunen und Handelskommissar Maroš Šefčovič in einer gemeinsamen Stellungnahme. Die EU sei ein einheitlicher Wirtschaftsraum und solle auch so behandelt werden. Man wolle das Gespräch mit der künftigen US-Regierung suchen.",
            "Auch die Industrie reagierte verärgert. Nvidia bezeichnete die Regeln als „beispiellos und fehlgeleitet“. Sie würden Innovation weltweit bremsen, ohne die nationale Sicherheit der USA zu stärken. Der Branchenverband Bitkom warnte vor Nachteilen für europäische Rechenzentren.",
            "„Für Polen oder Portugal ist das ein politisches Signal, das man in Warschau und Lissabon nicht vergessen wird“, sagt Lena Hartmann von Rheinwerk Research. Praktisch seien die Obergrenzen für die meisten Projekte zwar hoch genug, doch Investoren scheuten Unsicherheit. Wer heute ein Rechenzentrum in Warschau plane, müsse mit zusätzlichen Genehmigungen rechnen.",
            "Die neuen Vorschriften treten erst nach einer Frist von 120 Tagen vollständig in Kraft. Ob die Regierung von Donald Trump, der am 20. Januar vereidigt wird, an den Regeln festhält, ist offen. Mit der Maßnahme will Washington verhindern, dass China über Umwege an Spitzentechnologie gelangt.",
        ),
        "Politik", "negative", author="Katrin Vogel",
    ),
    Written(
        "digitalblick", "2025-01-23T11:25:00Z", "de",
        "DeepSeek-R1: Chinesisches KI-Modell fordert OpenAI heraus",
        "Das Start-up aus Hangzhou veröffentlicht ein frei verfügbares Reasoning-Modell, das in Tests mit OpenAIs o1 mithält – zu einem Bruchteil der Kosten.",
        (
            "Hangzhou/Berlin – Ein bislang wenig bekanntes chinesisches Start-up sorgt in der KI-Branche für Aufsehen: DeepSeek hat am Montag sein Modell DeepSeek-R1 veröffentlicht, das bei Mathematik-, Programmier- und Logikaufgaben ähnlich gut abschneidet wie OpenAIs o1. Anders als der US-Konkurrent stellt DeepSeek die Gewichte seines Modells unter der freien MIT-Lizenz zur Verfügung.",
            "Hinter DeepSeek steht Liang Wenfeng, der auch den quantitativen Hedgefonds High-Flyer mitgegründet hat. Schon im Dezember hatte das Unternehmen mit DeepSeek-V3 für Gesprächsstoff gesorgt: Das Training soll nur rund 5,6 Millionen Dollar gekostet haben – ein Bruchteil dessen, was amerikanische Labore ausgeben.",
            "Auch bei den Preisen setzt DeepSeek Maßstäbe. Über die Programmierschnittstelle kostet R1 umgerechnet etwa 0,53 Euro pro Million Eingabe-Tokens, OpenAI verlangt für o1 fast das Dreißigfache. „Das verändert die Kalkulation für viele Unternehmen“, sagt Lena Hartmann von Rheinwerk Research. „Wer bisher aus Kostengründen gezögert hat, kann jetzt experimentieren.“",
            "Forschende loben vor allem die Offenheit. In einem ausführlichen Fachaufsatz beschreibt DeepSeek, wie das Modell mithilfe von bestärkendem Lernen gelernt hat, Aufgaben Schritt für Schritt zu lösen und die eigenen Antworten zu überprüfen. „So viel Transparenz sieht man bei den großen US-Anbietern kaum noch“, sagt Tobias Keller vom Zürcher Beratungsunternehmen Brightpath.",
            "Es gibt allerdings auch Einschränkungen. Fragen zu politisch heiklen Themen wie dem Tian’anmen-Massaker beantwortet die gehostete Version nicht, und Datenschützer weisen darauf hin, dass Nutzerdaten auf Servern in China gespeichert werden. Unternehmen, die das Modell auf eigenen Servern betreiben, umgehen dieses Problem.",
            "Für die US-Exportkontrollen ist der Erfolg von DeepSeek ein heikles Signal: Das Start-up hat nach eigenen Angaben mit vergleichsweise schwachen Nvidia-Chips gearbeitet, die eigens für den chinesischen Markt gedrosselt wurden.",
        ),
        "KI", "positive", author="Katrin Vogel",
    ),
    Written(
        "digitalblick", "2025-01-28T08:05:00Z", "de",
        "Kurssturz bei Nvidia: DeepSeek schickt Chipwerte auf Talfahrt",
        "Fast 600 Milliarden Dollar Börsenwert an einem Tag: Die Angst vor billiger KI aus China trifft Nvidia, ASML und Energieversorger – auch der DAX gibt nach.",
        (
            "Frankfurt/New York – Die Sorge vor einer billigen Konkurrenz aus China hat am Montag einen historischen Ausverkauf bei Technologiewerten ausgelöst. Die Aktie von Nvidia brach um rund 17 Prozent ein, der Börsenwert des Chipkonzerns schrumpfte um etwa 589 Milliarden Dollar – der größte Tagesverlust eines Unternehmens in der Geschichte der Wall Street.",
            "Auslöser war das chinesische Start-up DeepSeek, dessen KI-Modell R1 mit deutlich weniger Rechenleistung ähnliche Ergebnisse erzielt wie die teuren Systeme von OpenAI. Anleger fragten sich, ob die Milliardeninvestitionen der US-Konzerne in Rechenzentren und Nvidia-Chips überhaupt nötig sind.",
            "Auch in Europa gerieten Chipwerte unter Druck. ASML verlor in Amsterdam rund sieben Prozent, Siemens Energy brach in Frankfurt um etwa 20 Prozent ein, weil der Konzern als Lieferant für die Stromversorgung von Rechenzentren gilt. Der DAX schloss ein halbes Prozent im Minus, nachdem er zwischenzeitlich deutlich tiefer notiert hatte.",
            "„Das ist eine Panikreaktion, keine Analyse“, sagt Lena Hartmann von Rheinwerk Research. Günstigere KI bedeute nicht automatisch weniger Nachfrage nach Chips, im Gegenteil: Wenn KI billiger werde, werde sie häufiger eingesetzt. Annika Voss von Rhein Capital Markets ist vorsichtiger: „Die Bewertungen waren auf Perfektion ausgelegt. Jetzt gibt es zum ersten Mal einen ernsthaften Zweifel.“",
            "Nvidia selbst bezeichnete DeepSeek in einer Stellungnahme als „exzellenten Fortschritt“ und verwies darauf, dass für den Betrieb solcher Modelle weiterhin viele Grafikprozessoren nötig seien. US-Präsident Donald Trump nannte den Erfolg des chinesischen Unternehmens einen „Weckruf“ für die amerikanische Industrie.",
            "Ob sich der Kurs rasch erholt, ist offen. Analysten verweisen darauf, dass Microsoft, Meta und Alphabet ihre Investitionspläne für 2025 bislang nicht gekürzt haben. Die nächsten Quartalszahlen der großen Cloud-Anbieter dürften zeigen, ob der Schock nachhaltig ist.",
        ),
        "Wirtschaft", "negative", author="Jonas Brandt",
    ),
    Written(
        "digitalblick", "2025-02-04T10:30:00Z", "de",
        "Datenschützer nehmen DeepSeek ins Visier",
        "Nach Italiens Sperre prüfen weitere europäische Aufsichtsbehörden die chinesische KI-App. Auch deutsche Datenschützer äußern „erhebliche Bedenken“.",
        (
            "Berlin – Die chinesische KI-App DeepSeek gerät in Europa zunehmend unter Druck. Nachdem die italienische Datenschutzbehörde Garante vergangene Woche die Verarbeitung der Daten italienischer Nutzer untersagt hat, prüfen nun auch Aufsichtsbehörden in Irland, Belgien, den Niederlanden und Frankreich das Angebot.",
            "Im Mittelpunkt steht die Frage, wohin die Daten fließen. Laut seiner Datenschutzerklärung speichert DeepSeek Eingaben, Chatverläufe und hochgeladene Dateien auf Servern in der Volksrepublik China. Zudem erfasst die App nach eigenen Angaben Geräteinformationen, IP-Adressen und sogar „Tastenanschlagmuster“.",
            "„Wer sensible Geschäftsinformationen in diese App eingibt, muss davon ausgehen, dass sie nicht mehr unter europäischer Kontrolle sind“, warnt Ahmed Siddiqui, Datenschutzanwalt bei der Kanzlei Castellan. Nach chinesischem Recht könnten Behörden unter Umständen Zugriff auf solche Daten verlangen.",
            "Mehrere deutsche Landesdatenschutzbeauftragte äußerten „erhebliche Bedenken“ und kündigten an, das Angebot genauer zu prüfen. Eine Sperre wie in Italien sei aber rechtlich aufwendiger, da DeepSeek keine Niederlassung in der EU habe. Zuständig sei grundsätzlich jede Aufsichtsbehörde, in deren Land Nutzer betroffen seien.",
            "Auch Regierungen reagieren. Australien hat DeepSeek von allen Dienstgeräten verbannt, Taiwan und mehrere Ministerien in Südkorea haben ähnliche Schritte unternommen. In Deutschland raten IT-Sicherheitsexperten Behörden und Unternehmen, die App zumindest auf dienstlichen Geräten nicht zu nutzen.",
            "Wichtig sei allerdings die Unterscheidung zwischen App und Modell, betont der Zürcher KI-Berater Tobias Keller: „Das Modell selbst ist frei verfügbar und lässt sich auf eigenen Servern in Europa betreiben. Dann verlässt kein einziges Byte das Unternehmen.“ Mehrere europäische Cloud-Anbieter bieten DeepSeek-R1 inzwischen auf Rechenzentren in der EU an. Für viele Firmen dürfte das der pragmatischste Weg sein, das Modell zu testen, ohne gegen die Datenschutz-Grundverordnung zu verstoßen.",
        ),
        "Digitales", "negative", author="Katrin Vogel",
    ),
    Written(
        "digitalblick", "2025-02-11T16:45:00Z", "de",
        "KI-Gipfel in Paris: Europa will aufholen",
        "Macron kündigt 109 Milliarden Euro an, von der Leyen legt 200 Milliarden nach. Die USA und Großbritannien unterschreiben die Abschlusserklärung nicht.",
        (
            "Paris – Europa will im Wettlauf um künstliche Intelligenz nicht länger zuschauen. Auf dem KI-Gipfel in Paris kündigte Frankreichs Präsident Emmanuel Macron private Investitionen von 109 Milliarden Euro in französische Rechenzentren und KI-Projekte an. EU-Kommissionspräsidentin Ursula von der Leyen stellte mit „InvestAI“ eine Initiative vor, die insgesamt 200 Milliarden Euro mobilisieren soll.",
            "Davon sollen 20 Milliarden Euro in sogenannte KI-Gigafabriken fließen – große Rechenzentren, in denen europäische Unternehmen und Forschungseinrichtungen eigene Modelle trainieren können. „Wir wollen, dass Europa ein KI-Kontinent wird“, sagte von der Leyen.",
            "Überschattet wurde der Gipfel von einem Auftritt des US-Vizepräsidenten JD Vance. Er warnte die Europäer vor „übermäßiger Regulierung“, die eine ganze Branche abwürgen könne. Die USA und Großbritannien unterzeichneten die Abschlusserklärung für eine „inklusive und nachhaltige“ KI nicht, die unter anderem Frankreich, Deutschland, Indien und China unterstützen.",
            "Als Hoffnungsträger gilt das Pariser Start-up Mistral AI, das kurz vor dem Gipfel seine App Le Chat für Smartphones vorgestellt hatte. Der Erfolg von DeepSeek aus China habe gezeigt, dass man nicht Hunderte Milliarden Dollar brauche, um Spitzenmodelle zu bauen, sagte ein Berater aus dem Umfeld des Élysée-Palasts.",
            "Deutsche Wirtschaftsvertreter reagierten verhalten positiv. „Die Summen sind beeindruckend, aber entscheidend ist, wie schnell das Geld fließt und ob Genehmigungen und Strompreise mitspielen“, sagt Lena Hartmann von Rheinwerk Research. Europa habe Talente und Forschung, aber zu wenig Kapital und zu langsame Verfahren.",
            "Kritik kam von Sicherheitsforschern: Anders als bei den Vorgängertreffen in Bletchley Park und Seoul spielten Risiken fortgeschrittener KI in Paris kaum eine Rolle. Anthropic-Chef Dario Amodei sprach von einer „verpassten Chance“.",
        ),
        "Politik", "neutral", author="Jonas Brandt",
    ),
    Written(
        "digitalblick", "2025-02-18T09:15:00Z", "de",
        "DeepSeek-Gründer Liang Wenfeng bei Xi Jinping",
        "Chinas Staatschef empfängt Unternehmer wie Jack Ma, Ren Zhengfei und den DeepSeek-Gründer – ein Signal an die Privatwirtschaft.",
        (
            "Peking – Chinas Staats- und Parteichef Xi Jinping hat am Montag führende Privatunternehmer des Landes empfangen – und der Gründer des KI-Start-ups DeepSeek saß mittendrin. Liang Wenfeng nahm nach Berichten des Staatsfernsehens CCTV an dem Symposium in Peking teil, gemeinsam mit Alibaba-Mitgründer Jack Ma, Huawei-Gründer Ren Zhengfei, Xiaomi-Chef Lei Jun und BYD-Chef Wang Chuanfu.",
            "Beobachter werten das Treffen als deutliches Signal der Unterstützung für die Privatwirtschaft, nachdem Peking Technologiekonzerne seit 2020 mit strengen Regulierungen unter Druck gesetzt hatte. Xi forderte die Unternehmer laut der Nachrichtenagentur Xinhua auf, ihre Talente zu zeigen, und versprach faire Wettbewerbsbedingungen.",
            "Für Liang ist es bereits der zweite Auftritt auf höchster politischer Ebene binnen eines Monats. Am 20. Januar, dem Tag der Veröffentlichung von DeepSeek-R1, hatte er an einem Treffen mit Ministerpräsident Li Qiang teilgenommen. Der 40-Jährige gilt als öffentlichkeitsscheu und gibt kaum Interviews.",
            "Liang hatte zuvor den Hedgefonds High-Flyer aufgebaut, der mit computergestützten Handelsstrategien Milliarden verwaltete und frühzeitig Tausende Nvidia-Chips anschaffte. Aus einer Forschungsabteilung des Fonds ging 2023 DeepSeek hervor. „In China ist Liang inzwischen eine Art Volksheld“, sagt Margaret Lindqvist vom Harborview Council.",
            "An den Börsen in Hongkong und Shanghai legten Technologiewerte nach dem Treffen zu. Besonders gefragt waren Aktien von Unternehmen, die DeepSeek in ihre Produkte integrieren – von Autobauern über Telekomkonzerne bis zu Cloud-Anbietern wie Alibaba und Huawei.",
            "Im Westen wird der Aufstieg von DeepSeek dagegen zunehmend kritisch gesehen. Mehrere Staaten haben die App auf Dienstgeräten verboten, und in Washington mehren sich Forderungen nach schärferen Exportkontrollen für KI-Chips. Südkorea hat zudem neue Downloads der App vorerst gestoppt, bis Datenschutzfragen geklärt sind.",
        ),
        "KI", "positive", author="Katrin Vogel",
    ),
)
# fmt: on

# fmt: off
WRITTEN += (
    Written(
        "le-fil-numerique", "2025-01-17T10:20:00Z", "fr",
        "Mistral AI signe un accord avec l'AFP pour nourrir son assistant Le Chat",
        "La start-up parisienne intègre les dépêches de l'Agence France-Presse à son chatbot, une première pour une agence de presse avec une société d'IA.",
        (
            "Mistral AI a annoncé jeudi un accord pluriannuel avec l'Agence France-Presse (AFP) : les dépêches de l'agence, publiées en six langues, seront intégrées à Le Chat, l'assistant conversationnel de la start-up parisienne. Le montant de l'accord n'a pas été dévoilé.",
            "Concrètement, les utilisateurs de Le Chat pourront obtenir des réponses appuyées sur quelque 2 300 dépêches produites chaque jour par l'AFP, ainsi que sur ses archives remontant à 1983. Les réponses citeront leurs sources, ont précisé les deux partenaires.",
            "« Cet accord permet de rendre nos réponses plus fiables et mieux sourcées, tout en rémunérant le travail des journalistes », a déclaré Arthur Mensch, cofondateur et directeur général de Mistral AI. Pour l'AFP, il s'agit du premier partenariat de ce type avec une entreprise d'intelligence artificielle.",
            "Les relations entre éditeurs de presse et sociétés d'IA restent tendues. Plusieurs médias, dont le New York Times, poursuivent OpenAI en justice pour avoir utilisé leurs articles sans autorisation afin d'entraîner ChatGPT. D'autres, comme Le Monde, ont préféré signer des accords de licence.",
            "« Le modèle de Mistral, qui passe par un partenariat plutôt que par l'aspiration massive de contenus, est plus respectueux, mais il reste à voir s'il est viable à grande échelle », estime Julien Moreau, économiste à l'Institut Lumière pour l'économie numérique.",
            "Fondée en 2023 par d'anciens chercheurs de Google DeepMind et de Meta, Mistral AI est devenue le champion européen de l'intelligence artificielle générative. L'entreprise, valorisée autour de 6 milliards d'euros, publie une partie de ses modèles en accès libre et se présente comme une alternative aux géants américains comme OpenAI, Google et Anthropic.",
        ),
        "IA", "positive", author="Claire Dumont",
    ),
    Written(
        "le-fil-numerique", "2025-01-22T15:05:00Z", "fr",
        "À Davos, Mistral AI affirme ne pas être à vendre et vise une introduction en Bourse",
        "Arthur Mensch assure que la pépite française veut rester indépendante, au moment où le projet américain Stargate promet 500 milliards de dollars d'investissements.",
        (
            "Interrogé au Forum économique mondial de Davos, Arthur Mensch, le directeur général de Mistral AI, a été catégorique : la start-up française « n'est pas à vendre ». L'entreprise prépare au contraire une future introduction en Bourse, a-t-il indiqué, sans donner de calendrier.",
            "Cette déclaration intervient au lendemain de l'annonce, à la Maison-Blanche, de Stargate, une coentreprise réunissant OpenAI, SoftBank et Oracle qui prévoit d'investir jusqu'à 500 milliards de dollars dans des centres de données aux États-Unis. Face à de tels montants, la question de la capacité des acteurs européens à rester dans la course revient avec insistance.",
            "« Nous n'avons pas besoin de dépenser des centaines de milliards pour construire des modèles utiles. Nous sommes très efficaces dans l'utilisation de nos ressources », a fait valoir Arthur Mensch. La société a levé environ un milliard d'euros depuis sa création et compte parmi ses actionnaires Microsoft et Nvidia.",
            "Le patron de Mistral AI a également salué l'arrivée de modèles ouverts performants venus de Chine, comme DeepSeek-R1 publié lundi, y voyant la preuve que l'innovation ne dépend pas uniquement de la puissance de calcul. « L'open source progresse très vite, et c'est une bonne nouvelle pour l'Europe », a-t-il ajouté.",
            "Pour Julien Moreau, économiste à l'Institut Lumière pour l'économie numérique, l'introduction en Bourse serait un signal fort : « L'Europe manque de capital-risque pour les phases de croissance. Une cotation à Paris montrerait qu'il existe une voie européenne. »",
            "Mistral AI emploie aujourd'hui plus de 150 personnes, principalement à Paris, et a ouvert des bureaux à Londres, Munich et Palo Alto. Ses modèles sont disponibles sur les principales plateformes de cloud, dont Azure de Microsoft et Google Cloud.",
        ),
        "Start-up", "positive", author="Antoine Lefèvre",
    ),
    Written(
        "le-fil-numerique", "2025-01-28T07:50:00Z", "fr",
        "Le « choc DeepSeek » fait vaciller Nvidia et les valeurs technologiques",
        "Près de 600 milliards de dollars de capitalisation envolés en une séance : la start-up chinoise DeepSeek sème la panique à Wall Street et en Europe.",
        (
            "La séance de lundi restera dans les annales. L'action Nvidia a chuté d'environ 17 % à Wall Street, effaçant près de 589 milliards de dollars de capitalisation boursière, la plus forte perte jamais enregistrée en une journée par une entreprise américaine. En cause : DeepSeek, une jeune pousse chinoise dont le modèle d'intelligence artificielle R1 rivalise avec ceux d'OpenAI pour un coût bien moindre.",
            "Les investisseurs se sont brusquement interrogés sur la pertinence des centaines de milliards de dollars que les géants américains prévoient d'investir dans les centres de données et les puces. Si un laboratoire chinois peut obtenir des résultats comparables avec des puces moins puissantes, la demande pour les processeurs de Nvidia pourrait-elle ralentir ?",
            "En Europe, la contagion a été rapide. ASML a reculé d'environ 7 % à Amsterdam, tandis que Schneider Electric, fournisseur d'équipements électriques pour les centres de données, a perdu près de 9 % à Paris. Le CAC 40 a toutefois limité ses pertes grâce à la bonne tenue du luxe.",
            "« C'est une réaction de panique. Un modèle moins cher ne signifie pas moins de calcul au total : plus l'IA est bon marché, plus on l'utilise », nuance Julien Moreau, économiste à l'Institut Lumière pour l'économie numérique. D'autres observateurs jugent au contraire que les valorisations intégraient une croissance sans limite.",
            "Fondée en 2023 par Liang Wenfeng, également cofondateur du fonds spéculatif High-Flyer, DeepSeek affirme avoir entraîné son modèle DeepSeek-V3 pour environ 5,6 millions de dollars. Un chiffre contesté par certains experts, qui rappellent qu'il n'inclut ni la recherche ni l'achat du matériel.",
            "Le président américain Donald Trump a qualifié l'événement de « signal d'alarme » pour l'industrie américaine. À Paris, où se tiendra le Sommet pour l'action sur l'IA les 10 et 11 février, le succès de DeepSeek est vu comme la preuve qu'un acteur plus modeste, comme Mistral AI, peut encore jouer dans la cour des grands.",
        ),
        "Économie", "negative", author="Claire Dumont",
    ),
    Written(
        "le-fil-numerique", "2025-02-07T12:30:00Z", "fr",
        "Mistral AI lance l'application mobile de son assistant Le Chat",
        "La start-up française sort Le Chat sur iOS et Android, avec une formule Pro à 14,99 euros par mois, et revendique des réponses parmi les plus rapides du marché.",
        (
            "Mistral AI a lancé jeudi l'application mobile de Le Chat, son assistant conversationnel, sur iOS et Android. La start-up française propose une version gratuite et une formule Pro à 14,99 euros par mois, moins chère que les offres équivalentes d'OpenAI et d'Anthropic.",
            "L'entreprise met en avant la vitesse de son outil, capable selon elle de générer jusqu'à 1 000 mots par seconde grâce à une fonction baptisée « Flash Answers ». Le Chat peut également rechercher des informations sur le web, analyser des documents et générer des images.",
            "Quelques heures après son lancement, l'application s'est hissée en tête des téléchargements gratuits sur l'App Store en France. Le président Emmanuel Macron en a fait la promotion dans une interview télévisée, invitant les Français à « télécharger Le Chat, fait par Mistral, plutôt que ChatGPT ».",
            "« Le timing est parfait : à quelques jours du sommet de Paris, la France veut montrer qu'elle a un champion capable de rivaliser avec les Américains et les Chinois », observe Julien Moreau, économiste à l'Institut Lumière pour l'économie numérique. Le succès de DeepSeek a montré qu'un produit grand public peut s'imposer très vite s'il est bon et bon marché.",
            "Mistral AI propose aussi une offre destinée aux entreprises, qui peuvent déployer Le Chat sur leurs propres serveurs. Un argument de poids pour les clients soucieux de la confidentialité de leurs données, alors que plusieurs gouvernements viennent d'interdire DeepSeek sur les appareils officiels.",
            "La concurrence reste toutefois rude. ChatGPT revendique plus de 300 millions d'utilisateurs hebdomadaires, et Google pousse son assistant Gemini sur des milliards de téléphones Android.",
        ),
        "Tech", "positive", author="Antoine Lefèvre",
    ),
    Written(
        "le-fil-numerique", "2025-02-11T18:10:00Z", "fr",
        "Sommet de Paris sur l'IA : 109 milliards d'euros et une déclaration sans Washington ni Londres",
        "Emmanuel Macron a réuni chefs d'État et patrons de la tech au Grand Palais. Les États-Unis et le Royaume-Uni n'ont pas signé la déclaration finale.",
        (
            "Le Sommet pour l'action sur l'intelligence artificielle s'est achevé mardi à Paris sur un bilan contrasté. D'un côté, des annonces d'investissement spectaculaires : 109 milliards d'euros de projets privés en France, selon Emmanuel Macron, et 200 milliards d'euros mobilisés à l'échelle européenne via l'initiative InvestAI présentée par Ursula von der Leyen.",
            "De l'autre, une déclaration finale en faveur d'une IA « ouverte, inclusive et éthique » que ni les États-Unis ni le Royaume-Uni n'ont signée. Une soixantaine de pays, dont la France, l'Inde et la Chine, l'ont en revanche approuvée.",
            "Le vice-président américain JD Vance a marqué les esprits par un discours offensif, mettant en garde les Européens contre une « réglementation excessive » qui pourrait « tuer une industrie en plein essor ». Il a aussi appelé à se méfier des partenariats avec des « régimes autoritaires », une allusion transparente à la Chine.",
            "« Paris a réussi à déplacer le débat de la sécurité vers l'investissement. Reste à transformer les promesses en centres de données et en emplois », analyse Julien Moreau, économiste à l'Institut Lumière pour l'économie numérique. Les Émirats arabes unis se sont notamment engagés à financer un campus d'IA en France.",
            "Arthur Mensch, le patron de Mistral AI, a profité de l'événement pour annoncer de nouveaux partenariats industriels. Sam Altman, le dirigeant d'OpenAI, et Sundar Pichai, celui de Google, figuraient aussi parmi les invités. Dario Amodei, à la tête d'Anthropic, a en revanche jugé le sommet comme une « occasion manquée » en matière de sécurité.",
            "Dans les couloirs, le nom de DeepSeek revenait souvent. Le succès du laboratoire chinois nourrit l'espoir que l'Europe puisse rattraper son retard sans disposer des moyens colossaux des géants américains.",
        ),
        "Politique", "neutral", author="Claire Dumont",
    ),
    Written(
        "asia-signal", "2025-01-22T03:30:00Z", "zh",
        "深度求索发布推理模型DeepSeek-R1，性能比肩OpenAI o1",
        "杭州人工智能公司深度求索（DeepSeek）发布开源推理模型DeepSeek-R1，在数学、编程和推理测试中表现接近OpenAI的o1，而价格仅为其一小部分。",
        (
            "杭州人工智能初创公司深度求索（DeepSeek）1月20日正式发布推理模型DeepSeek-R1。公司表示，该模型在数学、代码和自然语言推理等任务上的表现，已可比肩美国OpenAI公司的o1正式版。与OpenAI不同，深度求索以MIT许可证开源了模型权重，允许商业使用。",
            "根据深度求索发布的技术报告，R1在后训练阶段大规模使用强化学习技术，在仅有极少标注数据的情况下，大幅提升了模型的推理能力。在AIME 2024数学测试中，R1的得分为79.8%，略高于o1。报告还介绍了一个名为R1-Zero的早期版本，它完全通过强化学习学会了逐步推理和自我检查。",
            "价格方面，DeepSeek-R1的API服务定价为每百万输入tokens 1元（缓存命中）或4元（缓存未命中），每百万输出tokens 16元，远低于同类海外产品。业内人士认为，这将进一步加剧国内大模型的价格竞争。",
            "深度求索由梁文锋于2023年创立。梁文锋同时是量化投资机构幻方量化的创始人之一。幻方在2021年前后就已储备了上万张英伟达A100芯片，为深度求索的研发打下了算力基础。去年12月，公司发布的DeepSeek-V3模型已引起海内外关注，其训练成本据称仅约560万美元。",
            "上海澜亭研究院研究总监陈一玲表示：“R1最重要的意义在于开源。全世界的研究者都可以研究一个顶尖推理模型的内部结构，这对整个行业都是好事。”香港玉港创投合伙人刘嘉欣则认为，R1证明了中国团队在算力受限的情况下，依然可以通过工程创新做出世界一流的模型。",
            "值得注意的是，R1发布当天，梁文锋出席了国务院总理李强主持召开的专家、企业家和教科文卫体等领域代表座谈会，就政府工作报告征求意见。分析人士认为，这显示了官方对本土人工智能企业的重视。",
            "不过，也有观点提醒，基准测试成绩并不能完全代表实际应用效果。此外，由于美国的出口管制，中国企业获取高端芯片的难度仍在加大，未来的模型迭代能否保持这样的速度，仍有待观察。",
        ),
        "中文", "positive", author="Zhou Xinyi",
    ),
    Written(
        "asia-signal", "2025-02-18T02:40:00Z", "zh",
        "梁文锋出席民营企业座谈会，深度求索成科技创新新名片",
        "2月17日，民营企业座谈会在北京召开，深度求索创始人梁文锋与任正非、马云、雷军等企业家一同出席。",
        (
            "2月17日，民营企业座谈会在北京人民大会堂召开。据中央电视台报道，出席座谈会的企业家包括华为创始人任正非、阿里巴巴创始人马云、小米集团董事长雷军、比亚迪董事长王传福、腾讯董事会主席马化腾，以及深度求索（DeepSeek）创始人梁文锋等。",
            "这是梁文锋一个多月来第二次在高层会议上公开亮相。1月20日，也就是DeepSeek-R1发布当天，他曾出席国务院总理李强主持的座谈会。梁文锋一向低调，很少接受媒体采访，此次出现在座谈会上，引发社会广泛关注。",
            "分析人士认为，此次座谈会释放了支持民营经济发展的积极信号。香港玉港创投合伙人刘嘉欣表示：“马云的出席，加上梁文锋这样的新一代创业者，传递出的信息非常清楚：国家希望民营企业在科技创新中发挥更大作用。”",
            "受此消息影响，港股科技板块走强，恒生科技指数逼近三年来高位。阿里巴巴、腾讯等与人工智能相关的股票涨幅居前。上海东桥资本基金经理周文表示，市场对中国科技企业的估值逻辑正在发生变化，DeepSeek的成功让海外投资者重新审视中国资产。",
            "近几周，国内众多企业纷纷宣布接入深度求索的大模型。从比亚迪、吉利等汽车制造商，到中国移动、中国电信、中国联通三大运营商，再到华为云、阿里云、百度智能云等云服务平台，以及多地政务系统，DeepSeek正在快速融入各行各业。腾讯微信和百度搜索也先后宣布接入DeepSeek-R1。",
            "梁文锋此前创办的量化基金幻方量化，在2021年管理规模一度超过千亿元，并自建了名为“萤火”的算力集群。深度求索于2023年从幻方的研究团队中独立出来，专注于通用人工智能研究。",
            "与此同时，海外对DeepSeek的审视仍在持续。韩国个人信息保护委员会17日宣布，DeepSeek已暂停在韩国应用商店的新用户下载，待其整改后再恢复服务。此前，澳大利亚、韩国部分政府部门等已禁止在公务设备上使用DeepSeek。",
        ),
        "中文", "positive", author="Zhou Xinyi",
    ),
    Written(
        "evening-courier", "2025-01-11T07:00:00Z", "en",
        "Your stars: the week ahead for every sign",
        "Our astrologer on what the week holds, from a bold Monday for Aries to a Gemini who finally gets a word in edgeways.",
        (
            "The first full week of January rarely brings fireworks, and this one is no exception: a quiet Moon and a steady Venus favour patience over grand gestures. Here is what the stars have in store for each of you.",
            "Aries (March 21 to April 19): Monday invites you to start something you have been putting off. Resist the urge to rush the details. A friend who owes you a favour finally delivers on Thursday.",
            "Taurus (April 20 to May 20): Money matters look brighter mid-week. Treat yourself, but modestly. A conversation with an older relative brings an unexpected insight about an old family story.",
            "Gemini (May 21 to June 20): You have been talking a great deal lately, Gemini, but this week the stars ask you to listen. A colleague's idea deserves more credit than you first gave it. By the weekend, a twin-track plan you have juggled for months suddenly makes sense, and a short trip lifts your spirits.",
            "Cancer (June 21 to July 22): Home comforts call. Say yes to a quiet night in on Wednesday and no to a crowded party on Saturday. Someone close to you wants reassurance rather than advice.",
            "Leo (July 23 to August 22): The spotlight suits you, as always, but share it this week. A generous gesture at work is noticed by the right person.",
            "Virgo (August 23 to September 22): Lists, lists, lists. For once, they really do help. A health routine started now is likely to stick.",
            "Libra, Scorpio and Sagittarius: a week for mending fences. Capricorn, Aquarius and Pisces: a week for planning the spring. Whatever your sign, wrap up warm: the forecast for the weekend is frost, with a chance of snow on high ground in the north.",
            "Our astrologer, Celeste Marlow, writes every Saturday. Her column is for entertainment and should not be taken as advice on money, health or romance, however tempting it may be.",
        ),
        "Lifestyle", "positive", decoys=("gemini",), author="Celeste Marlow",
    ),
    Written(
        "evening-courier", "2025-01-18T08:30:00Z", "en",
        "Coffee drinkers may live longer, says large meta-analysis",
        "A review of dozens of studies covering more than a million people links moderate coffee drinking to a lower risk of early death. Researchers urge caution.",
        (
            "Good news for anyone clutching a morning flat white: a large meta-analysis published this week suggests that people who drink two to three cups of coffee a day are slightly less likely to die early than those who drink none.",
            "The researchers pooled the results of 41 observational studies from Europe, North America and Asia, covering more than a million adults who were followed for up to 20 years. After adjusting for smoking, weight and exercise, moderate coffee drinkers had a risk of death about 12% lower than non-drinkers over the study periods.",
            "\"A meta-analysis of this size gives us a much clearer picture than any single study can,\" said Dr Eleanor Pryce, an epidemiologist at the Wexford Institute of Public Health, who was not involved in the work. \"But it cannot prove that coffee itself is responsible.\"",
            "Coffee drinkers may differ from abstainers in ways that are hard to measure, from income to sleep patterns. People who are unwell may also give up coffee, which would make non-drinkers look less healthy than they really are, she added.",
            "The benefit appeared to level off above four cups a day, and the authors found no clear difference between caffeinated and decaffeinated coffee, which suggests that compounds other than caffeine may play a role. Instant and ground coffee showed similar associations.",
            "The NHS advises pregnant women to limit caffeine to 200mg a day, roughly two mugs of instant coffee. For everyone else, the researchers say there is no reason to give up a habit that most people enjoy, but equally no reason to start drinking coffee for health reasons alone.",
            "The findings echo an earlier meta-analysis of tea drinkers, which found a similar, modest association. As one of the authors put it: \"Enjoy your coffee. Just don't expect it to do the work of exercise and a decent diet.\"",
        ),
        "Lifestyle", "positive", author="Harriet Doyle",
    ),
    Written(
        "evening-courier", "2025-01-25T10:15:00Z", "en",
        "Farm park celebrates the birth of twin llamas",
        "Keepers at a Cotswolds farm park are celebrating a rare double arrival: twin llamas, born during a cold snap and already charming visitors.",
        (
            "Keepers at Hollowmere Farm Park in the Cotswolds are celebrating after one of their llamas gave birth to twins, an event so rare that staff initially thought they had miscounted.",
            "The two crias, as baby llamas are known, were born during a frosty night earlier this week to a seven-year-old mother called Primrose. Twins occur in only a tiny fraction of llama pregnancies, and it is rarer still for both to survive, according to the park's vet.",
            "\"We went out at six in the morning expecting one and found two, both on their feet and looking very pleased with themselves,\" said head keeper Gwen Ashby. \"Primrose is an experienced mum and she is taking it all in her stride.\"",
            "The youngsters, a male and a female, have been named Bramble and Sorrel after a public vote on the park's noticeboard. They are being kept in a heated barn with their mother for the first few weeks while they gain weight.",
            "Llamas, which originate in the Andes of South America, have become increasingly popular in Britain in recent years, both as farm park favourites and for trekking. Their woolly coats keep them warm in harsh weather, but newborn crias are vulnerable to the cold and wet.",
            "Visitors will be able to see the twins from a viewing gallery from next weekend, weather permitting. Staff ask that nobody tries to feed the llama family, however hopeful the mother looks. \"She has very firm views on carrots,\" said Ms Ashby.",
            "The park, which also keeps alpacas, goats and rare breed pigs, reopens for the season in February half-term.",
        ),
        "Lifestyle", "positive", author="Rupert Quayle",
    ),
)
# fmt: on


# --------------------------------------------------------------------------- the schedule
# (event, first day, last day, outlets): one article per outlet entry, dated within the window.

PT, ML, CC, WW, AS = (
    "pacific-tech",
    "market-ledger",
    "capitol-circuit",
    "wafer-weekly",
    "asia-signal",
)
FW, EC, MW = "forkwise", "evening-courier", "meridian-wire"

# fmt: off
SCHEDULE: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    # W02
    ("ces_nvidia", "01-06", "01-09", (PT, WW, ML, EC)),
    ("diffusion_debate", "01-07", "01-12", (CC, CC, WW, MW)),
    ("msft_80b", "01-06", "01-08", (ML, PT)),
    ("deepseek_v3", "01-06", "01-12", (FW, AS)),
    ("google_reorg", "01-09", "01-11", (PT,)),
    ("meta_llama", "01-10", "01-12", (PT,)),
    # W03
    ("diffusion_rule", "01-13", "01-16", (CC, CC, ML, WW, MW, AS)),
    ("entity_list", "01-15", "01-17", (CC, WW)),
    ("tsmc_q4", "01-16", "01-18", (WW, ML, AS)),
    ("openai_blueprint", "01-13", "01-17", (PT, EC)),
    ("deepseek_v3", "01-14", "01-18", (PT,)),
    ("meta_llama", "01-14", "01-18", (FW,)),
    # W04
    ("r1_release", "01-20T12", "01-23", (PT, PT, FW, FW, AS, WW, ML)),
    ("stargate", "01-21T23", "01-23", (PT, ML, ML, CC, EC, MW, AS)),
    ("liang_li_qiang", "01-20", "01-22", (AS,)),
    ("r1_praise", "01-24", "01-26", (PT, EC, ML, FW, AS)),
    ("meta_capex", "01-24", "01-25", (ML, PT)),
    ("trump_ai_orders", "01-20", "01-24", (CC, CC)),
    ("asml_preview", "01-22", "01-24", (WW,)),
    # W05
    ("nvidia_plunge", "01-27T16", "01-28", (ML, ML, ML, PT, WW, WW, AS, CC, EC, FW)),
    ("market_rout", "01-27T10", "01-28", (ML, ML, EC, AS)),
    ("nvidia_response", "01-27T22", "01-29", (PT, WW, ML)),
    ("altman_praise", "01-28T03", "01-28", (PT, EC, FW)),
    ("msft_earnings", "01-29", "01-30", (ML, PT)),
    ("distillation", "01-29", "01-31", (PT, PT, CC, ML, MW, EC, AS)),
    ("meta_warroom", "01-27", "01-30", (PT, ML, EC)),
    ("hosting", "01-29", "01-31", (FW, FW, PT, WW)),
    ("cyberattack", "01-27", "01-30", (PT, CC, AS)),
    ("italy_garante", "01-30", "01-31", (EC, MW, CC)),
    ("o3mini", "01-31", "02-01", (PT, FW)),
    ("qwen_max", "01-29", "02-01", (AS, AS, PT)),
    ("asml_q4", "01-29", "01-30", (WW, ML)),
    ("trump_wakeup", "01-27", "01-30", (CC, CC)),
    ("amodei_essay", "01-29", "01-31", (CC, FW)),
    ("nvidia_rebound", "01-28", "01-29", (ML, WW)),
    # W06
    ("gov_bans", "02-03", "02-07", (CC, CC, AS, AS, PT, EC, ML)),
    ("privacy_censorship", "02-03", "02-08", (PT, FW, EC, AS, CC)),
    ("no_deepseek_act", "02-06", "02-07", (CC, MW)),
    ("alibaba_rally", "02-03", "02-06", (AS, ML, PT)),
    ("huawei_ascend", "02-03", "02-06", (WW, WW, AS, PT)),
    ("export_tighten", "02-03", "02-08", (CC, CC, WW, ML, MW)),
    ("gemini_2", "02-05", "02-07", (PT, FW, EC)),
    ("bigtech_capex", "02-04", "02-07", (ML, ML, PT)),
    ("openai_asia", "02-03", "02-05", (PT, AS)),
    ("paris_preview", "02-07", "02-09", (EC, MW)),
    ("china_integration", "02-05", "02-09", (AS, WW)),
    ("h20_demand", "02-04", "02-07", (WW,)),
    ("r1_benchmarks", "02-04", "02-08", (FW, FW)),
    # W07
    ("paris_summit", "02-10", "02-12", (CC, EC, MW, PT)),
    ("china_integration", "02-10", "02-16", (AS, AS, PT, ML, MW, WW)),
    ("highflyer_profile", "02-11", "02-15", (AS, ML, PT, EC)),
    ("anthropic_claude", "02-10", "02-14", (PT, FW, ML)),
    ("openai_musk", "02-10", "02-13", (PT, ML, EC)),
    ("tsmc_jan", "02-10", "02-12", (WW, AS, ML)),
    ("chip_smuggling", "02-12", "02-14", (CC, CC)),
    ("gemini_update", "02-11", "02-14", (FW, EC)),
    ("h20_demand", "02-12", "02-14", (WW,)),
    # W08
    ("liang_xi", "02-17", "02-19", (AS, MW, ML, EC, PT)),
    ("open_source_week", "02-21", "02-22", (FW, PT, AS)),
    ("nvidia_preview", "02-18", "02-23", (ML, ML, WW, PT, MW)),
    ("alibaba_earnings", "02-20", "02-21", (AS, ML)),
    ("grok3", "02-17", "02-18", (PT,)),
    ("llamacon", "02-18", "02-19", (FW, EC)),
    ("tsmc_asml_w08", "02-17", "02-21", (WW, WW)),
    ("msft_majorana", "02-19", "02-20", (PT, ML)),
    ("lutnick_confirmed", "02-18", "02-19", (CC,)),
    ("korea_suspension", "02-17", "02-18", (CC,)),
)

# Wire stories and the outlets that run them: (event, wire publication time UTC, copies).
# A copy is (outlet, hours after the wire, variant): same = verbatim, note = editor's note on top,
# trim = last paragraph cut for space.
SYNDICATED: tuple[tuple[str, str, tuple[tuple[str, int, str], ...]], ...] = (
    ("r1_release", "2025-01-21T13:05:00Z", ((EC, 3, "note"), (AS, 9, "same"))),
    ("nvidia_plunge", "2025-01-27T21:40:00Z", ((PT, 1, "same"), (EC, 2, "note"), (AS, 5, "trim"), (ML, 1, "same"))),
    ("gov_bans", "2025-02-05T08:20:00Z", ((EC, 2, "trim"), (CC, 4, "note"))),
)

PAYWALLED = {("market-ledger", "diffusion_rule"), ("market-ledger", "market_rout"),
             ("market-ledger", "bigtech_capex"), ("market-ledger", "nvidia_preview")}
PRIVATE = ("asia-signal", "privacy_censorship")  # served under /private/, which robots.txt disallows
# fmt: on

ORG_FOR_TOPIC = {
    "deepseek": "DeepSeek", "highflyer": "DeepSeek", "nvidia": "Nvidia", "export_controls": "the Commerce Department",
    "diffusion": "the Commerce Department", "openai": "OpenAI", "meta": "Meta", "microsoft": "Microsoft",
    "google": "Google", "tsmc": "TSMC", "asml": "ASML", "alibaba": "Alibaba", "huawei": "Huawei",
    "stargate": "OpenAI", "anthropic": "Anthropic", "mistral": "Mistral AI", "privacy": "DeepSeek",
    "markets": "", "china_ai": "",
}  # fmt: skip

CLOSERS = (
    "{Representatives for|A spokesperson for|A representative of} <org> {did not immediately respond to|did not respond to|declined to comment on} {a request for comment|requests for comment|questions from <outlet>}{ on <day>|}.",
    "<org> {declined to comment|did not comment} {beyond its public statements|further|on <day>}{ when contacted by <outlet>|}.",
    "{What happens next|The outcome|The longer-term impact} {may|could|should} {become clearer|be clearer} {in the coming weeks|in the weeks ahead|over the next few weeks}{, <surname> said|}.",
    "{For now|For the moment|At least for now}, {investors|analysts|the industry} {appear|seem} {to be|} {waiting|holding off} {for more evidence|for more data|for clarity}{ before drawing firm conclusions|}.",
)

# Tone colour: a few sentences that make a beat's tone unmistakable to a lexicon-based scorer.
TONE_COLOUR: dict[str, tuple[str, ...]] = {
    "negative": (
        "{The episode|The news|The development|The turmoil} {added to|deepened|fueled} {fears|worries|anxiety|alarm} {about|over} {the risks ahead|the fallout|what comes next|the damage}{ for the industry| for the sector| among investors|}.",
        "{Critics|Skeptics|Opponents} {warned|cautioned|complained} that the {situation|problem|threat} {was|is} {serious|dangerous|troubling|alarming}{ and getting worse| and poorly understood| and far from resolved|}.",
        "{It was|This was} {a bad|a painful|a bruising|an ugly} {week|day|moment} for {those who had bet on a smooth ride|anyone who had expected calm|the optimists}{, several observers said|, one executive said privately|}.",
        "{Concern|Unease|Frustration|Anger} {has been growing|grew|mounted} {among|across} {officials|investors|executives|users}{, who fear further damage|, who worry about losses| as the problems pile up|}.",
        "{The fallout|The damage|The backlash} {could|may} {be severe|last for months|hurt confidence|prove costly}, {some|several} {analysts|experts} {warned|cautioned|said}.",
        "{Few|Not many} {insiders|observers|people in the industry} {expect|believe} the {trouble|crisis|pressure} {will end|will ease|will fade} {soon|quickly|any time soon}.",
    ),
    "positive": (
        "{The achievement|The result|The milestone|The launch} {was|has been} {widely|warmly|enthusiastically} {praised|welcomed|celebrated} {by|among|across} {researchers|developers|investors|analysts}{ as a genuine breakthrough| as impressive work| as good news for the field|}.",
        "{Supporters|Fans|Admirers} {called|described} the {move|release|result|news} {a big win|a remarkable success|an excellent step|great news}{ for the industry| for users| for open research|}.",
        "{Optimism|Enthusiasm|Excitement|Confidence} {has been growing|grew|is rising} {among|across} {developers|investors|executives|users}{, who see real opportunity|, who see big benefits| as the benefits become clear|}.",
        "{Many|Several|Most} {observers|analysts|researchers} {said|agreed} the {progress|work|outcome} was {impressive|excellent|remarkable|encouraging}{ and deserved credit| and a sign of healthy competition|}.",
        "{The mood|Sentiment} {among|across} {investors|developers|the industry} {was|turned} {upbeat|buoyant|positive|confident}{ after the news| as a result|}.",
    ),
}

WIRE_NOTES = (
    "Editor's note: This story was first published by Meridian Wire and is republished under licence.",
    "This article is from Meridian Wire. It has not been edited by our staff.",
)

# fmt: off
COMMENTS: dict[str, tuple[str, ...]] = {
    "ai": (
        "I ran the distilled version on my laptop last night. Honestly better than I expected.",
        "Everyone is an AI expert this week.",
        "The open weights are the real story. Nobody can put that back in the box.",
        "I asked DeepSeek about Tiananmen and it politely changed the subject. Make of that what you will.",
        "OpenAI complaining about someone using their outputs is rich.",
        "Can we get one article that explains what 'reasoning' actually means here?",
        "Benchmarks are marketing. Show me real workloads.",
        "Llama got leapfrogged in a week. Wild.",
        "Still waiting for any of these models to do my taxes.",
        "Good piece. The bit about reinforcement learning was the clearest explanation I've read.",
    ),
    "markets": (
        "Sold my Nvidia in December. Feeling smug for once.",
        "Bought the dip. Ask me in six months.",
        "This is what happens when one stock is a fifth of everyone's portfolio.",
        "Jevons paradox is going to be the most googled phrase of the year.",
        "Capex is still going up. The panic makes no sense to me.",
        "My pension fund is basically a leveraged bet on Jensen Huang's leather jacket.",
        "Utilities falling 20% on a chatbot release is peak AI hype.",
        "Anyone else remember the dot-com bust? Just saying.",
        "Great reporting, but the headline is more dramatic than the story.",
        "Broadcom down 17% and nobody is talking about it.",
    ),
    "policy": (
        "Export controls clearly failed if this is the result.",
        "Or export controls worked, and this is what doing more with less looks like.",
        "Ban it on government phones, sure. Banning it for everyone would be absurd.",
        "Washington is always two years behind on tech.",
        "Same script as TikTok. We know how that ended. Or didn't.",
        "The Singapore angle deserves a lot more digging.",
        "Who actually enforces any of this? BIS has about three people.",
        "My data is already everywhere. What's one more server?",
        "Good to see someone finally asking where the chips went.",
        "Europe regulates, America invests, China builds. Discuss.",
    ),
    "chips": (
        "TSMC is the most important company nobody outside the industry understands.",
        "Huawei getting 60% of an H100 on an older node is genuinely impressive.",
        "High-NA orders are the number I'd watch, not quarterly revenue.",
        "The H20 was always going to get banned eventually.",
        "CoWoS capacity is the real bottleneck. Always has been.",
        "ASML bookings say it all. Nobody is cancelling.",
        "Interesting that the Arizona yields are matching Taiwan already.",
        "Chip stocks move on headlines; fabs move on decades.",
    ),
}
# fmt: on
COMMENT_HANDLES = (
    "quantfan88",
    "Margaret P.",
    "devnull_dave",
    "OldHandInTaipei",
    "L. Okonjo",
    "siliconsally",
    "throwaway_ml",
    "Rob from Leeds",
    "jkwan",
    "Pat Hennessy",
    "tensorcat",
    "Ines V.",
    "grumpy_sysadmin",
    "Kwame A.",
    "paperclip_maximizer",
    "Yuki T.",
    "bayesian_bob",
    "Ruth G.",
)  # fmt: skip
COMMENT_THEME = {
    "nvidia": "markets", "markets": "markets", "tsmc": "chips", "asml": "chips", "huawei": "chips",
    "export_controls": "policy", "diffusion": "policy", "privacy": "policy",
}  # fmt: skip
HOROSCOPE_SNIPPETS = (
    "Gemini: a chatty week, but the best ideas come when you stop talking.",
    "Gemini: travel plans look promising; double-check the dates.",
    "Gemini: two paths, one decision. Trust your second thought.",
    "Gemini: an old friend reappears with news worth hearing.",
)


# --------------------------------------------------------------------------- composing articles

_ALTERNATION = re.compile(r"\{([^{}]*)\}")
_SLOT = re.compile(r"<([a-z]+)>")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"])")
_MIN_WORDS, _MAX_WORDS = 250, 800
_DATEISH = re.compile(
    r"\b(1[89]|20)\d\d\b|\b(January|February|March|April|May|June|July|August|September|October"
    r"|November|December) \d"
)


@dataclass
class Story:
    """One article page: where it lives, what it says, and what a test may expect of it."""

    outlet: str
    path: str  # URL path under the site root, e.g. /pacific-tech/2025/01/27/slug.html
    title: str
    summary: str
    author: str
    published: datetime  # UTC
    language: str
    paragraphs: list[str]
    section: str
    event: str
    tone: str
    group: int | None = None
    variant: str = ""
    paywalled: bool = False
    private: bool = False
    decoys: tuple[str, ...] = ()
    comments: list[tuple[str, str]] = field(default_factory=list)

    @property
    def url(self) -> str:
        return PLACEHOLDER + self.path

    @property
    def local_time(self) -> datetime:
        return self.published.astimezone(
            timezone(timedelta(minutes=OUTLET[self.outlet].utc_offset))
        )

    @property
    def body(self) -> list[str]:
        """The paragraphs the page shows: a paywalled page shows only its first two."""
        return self.paragraphs[:2] if self.paywalled else self.paragraphs

    @property
    def text(self) -> str:
        return "\n\n".join([self.title, *self.body])

    @property
    def words(self) -> int:
        return len(" ".join(self.body).split())


def _content_words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]{5,}", text.lower()))


def _repeats(text: str, seen: list[set[str]], limit: float = 0.34) -> bool:
    """Whether a sentence mostly restates one the article already has."""
    words = _content_words(text)
    return any(len(words & other) > limit * len(words | other) for other in seen if other)


def _tidy(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\s+([,.;:!?])", r"\1", text)
    text = re.sub(r",\s*,", ",", text).replace(",.", ".").replace("—,", "—")
    match = re.search(r"[A-Za-z]", text)
    brand = re.match(r"\W?[a-z]+[A-Z0-9]", text)  # xAI, o3-mini, iPhone keep their case
    if match and match.start() <= 1 and not brand:
        text = text[: match.start()] + text[match.start()].upper() + text[match.start() + 1 :]
    return text


class Composer:
    """Renders templates with never-repeated sentences and assembles whole articles."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()
        self.quoted: Counter[str] = Counter()
        self.undated = False  # for an outlet whose pages carry no date: no dates in the text either

    def render(self, template: str, slots: dict[str, str]) -> str:
        text = _SLOT.sub(lambda m: slots.get(m.group(1), ""), template)
        while match := _ALTERNATION.search(text):
            options = match.group(1).split("|")
            if len(options) == 1:
                options.append("")
            text = text[: match.start()] + self.rng.choice(options) + text[match.end() :]
        return _tidy(text)

    def fresh(self, template: str, slots: dict[str, str], tries: int = 40) -> str | None:
        """A rendering no earlier article used, or None when the template is exhausted."""
        for _ in range(tries):
            text = self.render(template, slots)
            if self.undated and _DATEISH.search(text):
                continue
            if text not in self.used:
                self.used.add(text)
                return text
        return None

    def fresh_quote(self, template: str, slots: dict[str, str], tries: int = 40) -> str | None:
        """A quote none of whose sentences anyone has said before: analysts don't repeat lines."""
        for _ in range(tries):
            text = self.render(template, slots)
            parts = _SENTENCE_END.split(text)
            if not any(part in self.used for part in parts):
                self.used.update(parts)
                return text
        return None

    def first_fresh(self, templates: list[str], slots: dict[str, str]) -> str | None:
        for template in templates:
            if (text := self.fresh(template, slots)) is not None:
                return text
        return None

    def speaker(self, domains: tuple[str, ...], taken: set[str]) -> Person:
        pool = [p for p in PEOPLE if set(p.domains) & set(domains) and p.name not in taken]
        pool = pool or [p for p in PEOPLE if p.name not in taken]
        least = min(self.quoted[p.name] for p in pool)
        person = self.rng.choice([p for p in pool if self.quoted[p.name] <= least + 1])
        self.quoted[person.name] += 1
        return person

    def _colour(self, paragraphs: list[str], tone: str, slots: dict[str, str]) -> None:
        """Append tone sentences to reporting paragraphs: two for praise, four for trouble."""
        templates = list(TONE_COLOUR.get(tone, ()))
        spots = [i for i, p in enumerate(paragraphs) if i and not p.startswith('"')]
        for _ in range({"negative": 4, "positive": 2}.get(tone, 0)):
            if not spots or not templates:
                return
            template = templates.pop(self.rng.randrange(len(templates)))
            if (text := self.fresh(template, slots)) is not None:
                i = self.rng.choice(spots)
                paragraphs[i] = f"{paragraphs[i]} {text}"

    def quote_paragraph(self, quote: str, person: Person, outlet: Outlet) -> str:
        sentences = _SENTENCE_END.split(quote)
        first, rest = sentences[0], " ".join(sentences[1:])
        lead = first[:-1] + "," if first.endswith(".") else first
        verbs = ["said in an interview", "said by phone", f"told {outlet.name}"]
        if {"markets", "chips"} & set(person.domains):
            verbs.append("wrote in a note to clients")
        frames = [
            f'"{lead}" said {person.name}, {person.role}.',
            f'"{lead}" {person.name}, {person.role}, said.',
            f'"{lead}" {person.name}, {person.role}, {self.rng.choice(verbs)}.',
        ]
        if rest:
            return self.rng.choice(frames) + f' "{rest}"'
        frames.append(f'{person.name}, {person.role}, said: "{quote}"')
        return self.rng.choice(frames)

    def article(
        self, key: str, outlet: Outlet, when: datetime, target: int, *, lead: bool = False
    ) -> Story:
        """Compose one article about `key` for `outlet`: headline, lede, facts, quotes, context.

        `lead` takes the beat's first (hardest-news) headline and lede, as a wire story would.
        """
        ev, rng = EVENTS[key], self.rng
        self.undated = outlet.date_style == "none"

        def order(items: tuple[str, ...]) -> list[str]:
            return list(items) if lead else rng.sample(items, len(items))

        slots = {
            "day": when.astimezone(timezone(timedelta(minutes=outlet.utc_offset))).strftime("%A"),
            "outlet": outlet.name,
            "org": next((ORG_FOR_TOPIC[t] for t in ev.bg if ORG_FOR_TOPIC.get(t)), "the company"),
            "surname": "",
        }
        title = self.first_fresh(order(ev.headlines), slots)
        lede = self.first_fresh(order(ev.ledes), slots)
        if title is None or lede is None:
            raise RuntimeError(f"event {key!r} ran out of headlines or ledes")
        facts = rng.sample(ev.facts, len(ev.facts))
        quotes = rng.sample(ev.quotes, len(ev.quotes))
        context = [s for topic in ev.bg for s in BACKGROUND[topic]]
        context = rng.sample(context, len(context))
        paragraphs, taken = [lede], set()
        pattern = ["facts2", "quote", "facts3", "context", "quote", "facts2", "context", "facts2"]
        pattern += ["quote", "context", "facts2", "context", "facts2", "context"]

        def count() -> int:
            return len(" ".join(paragraphs).split())

        seen = [_content_words(lede)]

        def draw(pool: list[str], n: int) -> str:
            out = []
            while pool and len(out) < n:
                text = self.fresh(pool.pop(), slots)
                if text is not None and not _repeats(text, seen):
                    seen.append(_content_words(text))
                    out.append(text)
            return " ".join(out)

        for step in pattern:
            if count() >= target:
                break
            if step == "quote":
                block = ""
                while quotes and not block:
                    if (q := self.fresh_quote(quotes.pop(), slots)) is not None:
                        person = self.speaker(ev.domains, taken)
                        taken.add(person.name)
                        slots["surname"] = person.surname
                        block = self.quote_paragraph(q, person, outlet)
            elif step == "context":
                block = draw(context, rng.choice((2, 3)))
            else:
                block = draw(facts, int(step[-1]))
            if block and count() + len(block.split()) <= _MAX_WORDS - 40:
                paragraphs.append(block)
        filler = [s for t in ("china_ai", "markets", "openai", "nvidia") for s in BACKGROUND[t]]
        while count() < _MIN_WORDS + 20 and filler:
            if block := draw(filler, 2):
                paragraphs.append(block)
        self._colour(paragraphs, ev.tone, slots)
        closers = [c for c in CLOSERS if slots["org"] or "<org>" not in c]
        if closer := self.first_fresh(rng.sample(closers, len(closers)), slots):
            paragraphs.append(closer)
        summary = _SENTENCE_END.split(lede)[0]
        return Story(
            outlet.slug, "", title, summary, "", when, "en", paragraphs, ev.section, key, ev.tone
        )


# fmt: off
COMMENTS |= {
    "lifestyle": (
        "Lovely story, made my morning.",
        "We visited last summer, the staff are wonderful.",
        "More of this sort of thing please, less doom.",
        "Is this really news? (Asking as someone who read every word.)",
        "My grandmother swore by exactly this.",
    ),
    "de": (
        "Guter Artikel, endlich mal sachlich.",
        "Und Europa schaut wieder nur zu.",
        "Die Börse übertreibt wie immer in beide Richtungen.",
        "Datenschutz ist bei solchen Apps leider immer zweitrangig.",
    ),
    "fr": (
        "Article très clair, merci.",
        "Encore une annonce, on attend les actes.",
        "Vive l'open source !",
        "L'Europe a les talents, pas les capitaux.",
    ),
    "zh": (
        "写得很清楚，支持国产大模型！",
        "开源才是真正的护城河。",
        "希望能保持这个速度。",
        "期待开源周的更多内容。",
    ),
}
# fmt: on

_MONTHS = {
    "de": ("Januar", "Februar"),
    "fr": ("janvier", "février"),
}
_UI = {
    "en": dict(cookie="We use cookies to improve your experience and to measure our audience. You can change your choices at any time.",
               accept="Accept all", manage="Manage preferences", by="By", related="Related stories",
               comments="Comments", share="Share", news_head="Sign up", news_text="Our best stories, in your inbox every morning.",
               subscribe="Subscribe", email="Your email address", paywall="Subscribe to continue reading",
               paywall_text="This article is for subscribers. Subscribe for full access to The Market Ledger's journalism, from $1 a week."),
    "de": dict(cookie="Wir verwenden Cookies, um unser Angebot zu verbessern und die Reichweite zu messen. Sie können Ihre Auswahl jederzeit ändern.",
               accept="Alle akzeptieren", manage="Einstellungen", by="Von", related="Mehr zum Thema",
               comments="Kommentare", share="Teilen", news_head="Newsletter", news_text="Die wichtigsten Nachrichten jeden Morgen in Ihrem Postfach.",
               subscribe="Abonnieren", email="Ihre E-Mail-Adresse", paywall="", paywall_text=""),
    "fr": dict(cookie="Nous utilisons des cookies pour améliorer votre expérience et mesurer notre audience. Vous pouvez modifier vos choix à tout moment.",
               accept="Tout accepter", manage="Paramétrer", by="Par", related="À lire aussi",
               comments="Commentaires", share="Partager", news_head="Newsletter", news_text="L'essentiel de l'actualité numérique chaque matin.",
               subscribe="S'inscrire", email="Votre adresse e-mail", paywall="", paywall_text=""),
    "zh": dict(cookie="本网站使用Cookie以改善您的浏览体验。您可以随时更改设置。",
               accept="全部接受", manage="管理设置", by="作者", related="相关报道",
               comments="读者评论", share="分享", news_head="订阅", news_text="每日精选，直达您的邮箱。",
               subscribe="订阅", email="电子邮箱", paywall="", paywall_text=""),
}  # fmt: skip
_ACCENT = {
    "pacific-tech": "#0b6e99", "market-ledger": "#8a1c1c", "capitol-circuit": "#23395d",
    "wafer-weekly": "#2f6b3a", "asia-signal": "#b5651d", "digitalblick": "#4b2e83",
    "le-fil-numerique": "#1d4f91", "forkwise": "#333333", "evening-courier": "#6b1f3a",
    "meridian-wire": "#f28c28",
}  # fmt: skip


def _e(text: str) -> str:
    return html.escape(text, quote=False)


def _a(text: str) -> str:
    return html.escape(text, quote=True)


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.sub(r"[^a-z0-9]+", " ", ascii_text.lower()).split()
    slug = "-".join(words[:9])
    if len(slug) < 8:
        slug = "article-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]
    return slug


def visible_date(story: Story) -> str:
    """The human-readable date line in the outlet's own style."""
    lt = story.local_time
    if story.language == "de":
        return f"{lt.day}. {_MONTHS['de'][lt.month - 1]} {lt.year}, {lt:%H:%M} Uhr"
    if story.language == "fr":
        return f"{lt.day} {_MONTHS['fr'][lt.month - 1]} {lt.year} à {lt:%Hh%M}"
    if story.language == "zh":
        return f"{lt.year}年{lt.month}月{lt.day}日 {lt:%H:%M}"
    hour = lt.strftime("%I").lstrip("0")
    ampm = lt.strftime("%p").lower().replace("am", "a.m.").replace("pm", "p.m.")
    zone = {-480: "PT", -300: "ET", 0: "GMT", 60: "CET", 480: "HKT"}[
        OUTLET[story.outlet].utc_offset
    ]
    if story.outlet == WAFER:
        zone = "Taipei"
    return f"{lt:%B} {lt.day}, {lt.year} {hour}:{lt:%M} {ampm} {zone}"


WAFER = "wafer-weekly"


def json_ld(story: Story, outlet: Outlet) -> str:
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": story.title,
        "description": story.summary,
        "datePublished": story.local_time.isoformat(),
        "dateModified": story.local_time.isoformat(),
        "author": {"@type": "Person", "name": story.author},
        "publisher": {"@type": "Organization", "name": outlet.name},
        "mainEntityOfPage": {"@type": "WebPage", "@id": story.url},
        "inLanguage": story.language,
        "articleSection": story.section,
        "isAccessibleForFree": not story.paywalled,
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def render_page(story: Story, related: list[Story], horoscope: Story | None) -> str:
    """A full article page with the clutter real sites carry around the story."""
    outlet, ui = OUTLET[story.outlet], _UI[story.language]
    styles = set(outlet.date_style.split("+"))
    home = f"{PLACEHOLDER}/{outlet.slug}/"
    iso = story.local_time.isoformat()
    lang = {"zh": "zh-Hans"}.get(story.language, story.language)
    head = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{_e(story.title)} | {_e(outlet.name)}</title>",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="description" content="{_a(story.summary)}">',
        f'<link rel="canonical" href="{story.url}">',
        '<meta property="og:type" content="article">',
        f'<meta property="og:title" content="{_a(story.title)}">',
        f'<meta property="og:url" content="{story.url}">',
        f'<meta property="og:site_name" content="{_a(outlet.name)}">',
    ]
    if styles & {"meta", "jsonld", "time"}:
        head.append(f'<meta name="author" content="{_a(story.author)}">')
    if "meta" in styles:
        head.append(f'<meta property="article:published_time" content="{iso}">')
        head.append(f'<meta property="article:section" content="{_a(story.section)}">')
    if "jsonld" in styles:
        head.append(f'<script type="application/ld+json">\n{json_ld(story, outlet)}\n</script>')
    head.append(
        f"<style>body{{font-family:Georgia,serif;margin:0}}header.site{{background:{_ACCENT[outlet.slug]};color:#fff;padding:8px 16px}}"
        "header.site a{color:#fff}.cookie-banner{position:fixed;bottom:0;background:#222;color:#eee;padding:12px}"
        "main{max-width:720px;margin:auto;padding:16px}.comments{border-top:1px solid #ccc}</style>"
    )
    head.append("</head>")
    nav = "".join(
        f'<li><a href="{home}index.html#{slugify(s) if s.isascii() else "zh"}">{_e(s)}</a></li>'
        for s in outlet.sections
    )
    body = [
        f'<body class="article-page {outlet.slug}">',
        f'<div id="cookie-banner" class="cookie-banner" role="dialog" aria-label="Cookies"><p>{_e(ui["cookie"])} '
        f'<a href="{home}privacy.html">Privacy</a></p><button type="button">{_e(ui["accept"])}</button> '
        f'<button type="button">{_e(ui["manage"])}</button></div>',
        f'<header class="site"><a class="logo" href="{home}">{_e(outlet.name)}</a>',
        f'<nav class="main-nav" aria-label="Sections"><ul>{nav}</ul></nav>',
        f'<form class="search" action="{home}search"><input type="search" name="q" placeholder="Search"></form></header>',
        "<main>",
        '<article class="story">',
        "<header>",
        f'<p class="kicker">{_e(story.section)}</p>',
        f"<h1>{_e(story.title)}</h1>",
        f'<p class="standfirst">{_e(story.summary)}</p>',
    ]
    credit = (
        f' <span class="credit">{_e(OUTLET[WIRE].name)}</span>' if story.group is not None else ""
    )
    body.append(
        f'<p class="byline">{_e(ui["by"])} <span class="author">{_e(story.author)}</span>{credit}</p>'
    )
    if "time" in styles:
        body.append(
            f'<p class="published"><time datetime="{iso}">{_e(visible_date(story))}</time></p>'
        )
    elif styles & {"meta", "jsonld"}:
        body.append(f'<p class="published">{_e(visible_date(story))}</p>')
    body.append("</header>")
    share = "".join(
        f'<button type="button" data-network="{n}">{_e(label)}</button>'
        for n, label in (
            ("x", "X"),
            ("facebook", "Facebook"),
            ("linkedin", "LinkedIn"),
            ("email", "Email"),
        )
    )
    body.append(f'<div class="share-buttons" aria-label="{_a(ui["share"])}">{share}</div>')
    body.append('<div class="article-body">')
    body.extend(f"<p>{_e(p)}</p>" for p in story.body)
    body.append("</div>")
    if story.paywalled:
        body.append(
            f'<div class="paywall" id="paywall"><p><strong>{_e(ui["paywall"])}</strong></p>'
            f'<p>{_e(ui["paywall_text"])}</p><a class="button" href="{home}subscribe.html">{_e(ui["subscribe"])}</a></div>'
        )
    body.append("</article>")
    body.append(
        f'<aside class="newsletter-signup"><h2>{_e(outlet.newsletter)}</h2><p>{_e(ui["news_text"])}</p>'
        f'<form action="{home}newsletter"><input type="email" name="email" placeholder="{_a(ui["email"])}">'
        f'<button type="submit">{_e(ui["news_head"])}</button></form></aside>'
    )
    links = "".join(f'<li><a href="{r.url}">{_e(r.title)}</a></li>' for r in related)
    body.append(
        f'<aside class="related-stories"><h2>{_e(ui["related"])}</h2><ul>{links}</ul></aside>'
    )
    if horoscope is not None:
        snippet = HOROSCOPE_SNIPPETS[int(hashlib.sha1(story.path.encode()).hexdigest(), 16) % 4]
        body.append(
            f'<aside class="sidebar lifestyle"><h2>Your stars</h2><p>{_e(snippet)}</p>'
            f'<a href="{horoscope.url}">All signs</a></aside>'
        )
    if story.comments:
        items = "".join(
            f'<div class="comment"><p class="comment-author">{_e(who)}</p><p class="comment-body">{_e(text)}</p>'
            f'<button type="button" class="reply">Reply</button></div>'
            for who, text in story.comments
        )
        body.append(
            f'<section id="comments" class="comments"><h2>{_e(ui["comments"])} ({len(story.comments)})</h2>{items}</section>'
        )
    body.append("</main>")
    year = "" if outlet.date_style == "none" else f"© {END.year} "
    body.append(
        f'<footer class="site-footer"><p>{year}{_e(outlet.name)}. {_e(outlet.description)}</p><ul>'
        f'<li><a href="{home}about.html">About</a></li><li><a href="{home}contact.html">Contact</a></li>'
        f'<li><a href="{home}terms.html">Terms</a></li><li><a href="{home}privacy.html">Privacy</a></li></ul></footer>'
    )
    body.extend(["</body>", "</html>", ""])
    return "\n".join(head + body)


# --------------------------------------------------------------------------- feeds


def _x(text: str) -> str:
    return html.escape(text, quote=False)


def _html_body(story: Story) -> str:
    return "".join(f"<p>{_e(p)}</p>" for p in story.body)


def _feed_link(story: Story, outlet: Outlet) -> str:
    if outlet.feed_format == "rss2-summary-tracking":
        return story.url + "?" + TRACKING.replace("&", "&amp;")
    return story.url


def rss2(outlet: Outlet, stories: list[Story], *, content: bool, encoding: str = "UTF-8") -> str:
    gmt = outlet.utc_offset == 0 and outlet.slug == "evening-courier"
    ns = ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom"'
    if content:
        ns += ' xmlns:content="http://purl.org/rss/1.0/modules/content/"'
    lang = {"de": "de-de", "en": "en"}.get(outlet.language, outlet.language)
    home, feed_url = (
        f"{PLACEHOLDER}/{outlet.slug}/",
        f"{PLACEHOLDER}/{outlet.slug}/{outlet.feed_path}",
    )
    lines = [
        f'<?xml version="1.0" encoding="{encoding}"?>',
        f'<rss version="2.0"{ns}>',
        "<channel>",
        f"<title>{_x(outlet.name)}</title>",
        f"<link>{home}</link>",
        f"<description>{_x(outlet.description)}</description>",
        f"<language>{lang}</language>",
        f"<lastBuildDate>{_rfc822(END, outlet, gmt)}</lastBuildDate>",
        f'<atom:link href="{feed_url}" rel="self" type="application/rss+xml"/>',
        "<ttl>30</ttl>",
    ]
    for i, s in enumerate(stories):
        link = _feed_link(s, outlet)
        permalink = outlet.feed_format != "rss2-summary-tracking"
        guid = s.url if permalink else f"{outlet.slug}-{len(stories) - i:05d}"
        item = [
            "<item>",
            f"<title>{_x(s.title)}</title>",
            f"<link>{link}</link>",
            f'<guid isPermaLink="{str(permalink).lower()}">{guid}</guid>',
            f"<pubDate>{_rfc822(s.published, outlet, gmt)}</pubDate>",
            f"<dc:creator>{_x(s.author)}</dc:creator>",
            f"<category>{_x(s.section)}</category>",
            f"<description>{_x(s.summary)}</description>",
        ]
        if content:
            item.append(f"<content:encoded><![CDATA[{_html_body(s)}]]></content:encoded>")
        lines += [*item, "</item>"]
    lines += ["</channel>", "</rss>", ""]
    return "\n".join(lines)


def _rfc822(when: datetime, outlet: Outlet, gmt: bool) -> str:
    if gmt:
        return email.utils.format_datetime(when.astimezone(UTC), usegmt=True)
    return email.utils.format_datetime(
        when.astimezone(timezone(timedelta(minutes=outlet.utc_offset)))
    )


def atom(outlet: Outlet, stories: list[Story], *, relative: bool) -> str:
    base = f"{PLACEHOLDER}/{outlet.slug}/"
    zulu = relative

    def stamp(when: datetime) -> str:
        if zulu:
            return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        return when.astimezone(timezone(timedelta(minutes=outlet.utc_offset))).isoformat()

    def href(s: Story) -> str:
        return s.path.removeprefix(f"/{outlet.slug}/") if relative else s.url

    attrs = f' xml:base="{base}"' if relative else ""
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{outlet.language}"{attrs}>',
        f"<title>{_x(outlet.name)}</title>",
        f"<subtitle>{_x(outlet.description)}</subtitle>",
        f'<link rel="alternate" type="text/html" href="{"./" if relative else base}"/>',
        f'<link rel="self" type="application/atom+xml" href="{outlet.feed_path if relative else base + outlet.feed_path}"/>',
        f"<id>tag:{outlet.slug}.example,2025:feed</id>",
        f"<updated>{stamp(END)}</updated>",
    ]
    for s in stories:
        entry = [
            "<entry>",
            f"<title>{_x(s.title)}</title>",
            f'<link rel="alternate" type="text/html" href="{href(s)}"/>',
            f"<id>tag:{outlet.slug}.example,{s.published:%Y-%m-%d}:{s.path.rsplit('/', 1)[-1].removesuffix('.html')}</id>",
            f"<published>{stamp(s.published)}</published>",
            f"<updated>{stamp(s.published)}</updated>",
            f"<author><name>{_x(s.author)}</name></author>",
            f'<category term="{_a(s.section)}"/>',
            f'<summary type="text">{_x(s.summary)}</summary>',
        ]
        if not relative:
            entry.append(f'<content type="html">{_x(_html_body(s))}</content>')
        lines += [*entry, "</entry>"]
    lines += ["</feed>", ""]
    return "\n".join(lines)


def rdf(outlet: Outlet, stories: list[Story]) -> str:
    tz = timezone(timedelta(minutes=outlet.utc_offset))
    home = f"{PLACEHOLDER}/{outlet.slug}/"
    seq = "".join(f'\n<rdf:li rdf:resource="{s.url}"/>' for s in stories)
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        ' xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">',
        f'<channel rdf:about="{home}{outlet.feed_path}">',
        f"<title>{_x(outlet.name)}</title>",
        f"<link>{home}</link>",
        f"<description>{_x(outlet.description)}</description>",
        f"<dc:language>{outlet.language}</dc:language>",
        f"<dc:date>{END.astimezone(tz).isoformat()}</dc:date>",
        f"<items><rdf:Seq>{seq}\n</rdf:Seq></items>",
        "</channel>",
    ]
    for s in stories:
        lines += [
            f'<item rdf:about="{s.url}">',
            f"<title>{_x(s.title)}</title>",
            f"<link>{s.url}</link>",
            f"<description>{_x(s.summary)}</description>",
            f"<dc:date>{s.published.astimezone(tz).isoformat()}</dc:date>",
            f"<dc:creator>{_x(s.author)}</dc:creator>",
            f"<dc:subject>{_x(s.section)}</dc:subject>",
            "</item>",
        ]
    lines += ["</rdf:RDF>", ""]
    return "\n".join(lines)


def json_feed(outlet: Outlet, stories: list[Story]) -> str:
    tz = timezone(timedelta(minutes=outlet.utc_offset))
    home = f"{PLACEHOLDER}/{outlet.slug}/"
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": outlet.name,
        "home_page_url": home,
        "feed_url": home + outlet.feed_path,
        "description": outlet.description,
        "language": outlet.language,
        "authors": [{"name": outlet.name}],
        "items": [
            {
                "id": s.url,
                "url": s.url,
                "title": s.title,
                "summary": s.summary,
                "content_html": _html_body(s),
                "date_published": s.published.astimezone(tz).isoformat(),
                "authors": [{"name": s.author}],
                "tags": [s.section],
                "language": s.language,
            }
            for s in stories
        ],
    }
    return json.dumps(feed, ensure_ascii=False, indent=2) + "\n"


BROKEN_FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0">
<channel>
<title>Coastline Daily</title>
<link>__BASE__/coastline-daily/</link>
<description>News from the coast, every mor
<html>
<head><title>502 Bad Gateway</title></head>
<body>
<center><h1>502 Bad Gateway</h1></center>
<hr><center>nginx</center>
</body>
</html>
\x00\x00\x00\x1f\x8b\x08
"""


def render_feed(outlet: Outlet, stories: list[Story]) -> bytes:
    fmt = outlet.feed_format
    if fmt == "rss2-content":
        return rss2(outlet, stories, content=True).encode("utf-8")
    if fmt in ("rss2-summary", "rss2-summary-tracking"):
        return rss2(outlet, stories, content=False).encode("utf-8")
    if fmt == "rss2-windows-1252":
        text = rss2(outlet, stories, content=False, encoding="windows-1252")
        return text.encode("cp1252", errors="xmlcharrefreplace")
    if fmt in ("atom", "atom-relative"):
        return atom(outlet, stories, relative=fmt == "atom-relative").encode("utf-8")
    if fmt == "rss1-rdf":
        return rdf(outlet, stories).encode("utf-8")
    if fmt == "jsonfeed":
        return json_feed(outlet, stories).encode("utf-8")
    if fmt == "broken":
        return BROKEN_FEED.encode("utf-8")
    raise ValueError(f"unknown feed format {fmt!r}")


# --------------------------------------------------------------------------- building the corpus


def pick_time(rng: random.Random, first: str, last: str, outlet: Outlet) -> datetime:
    """A publication time inside the window, in office hours where the outlet is, same ISO week.

    `first` may carry an hour, "01-27T16": nothing before 16:00 UTC that day (news breaks first).
    """
    first, _, hour = first.partition("T")
    d0 = date(2025, *map(int, first.split("-")))
    d1 = date(2025, *map(int, last.split("-")))
    earliest = max(START, datetime(d0.year, d0.month, d0.day, int(hour or 0), tzinfo=UTC))
    latest = END - timedelta(hours=1)
    tz = timezone(timedelta(minutes=outlet.utc_offset))
    for _ in range(400):
        day = d0 + timedelta(days=rng.randint(0, (d1 - d0).days))
        hh, mm = rng.randint(6, 21), rng.randint(0, 59)
        when = datetime(day.year, day.month, day.day, hh, mm, tzinfo=tz).astimezone(UTC)
        if when.isocalendar()[:2] == d0.isocalendar()[:2] and earliest <= when <= latest:
            return when
    raise RuntimeError(f"no publication time for {outlet.slug} in {first}..{last}")


def _wire_story(story: Story, rng: random.Random) -> None:
    """Dateline and signature in the agency's house style."""
    dateline = EVENTS[story.event].dateline or "NEW YORK"
    story.paragraphs[0] = f"{dateline} (Meridian Wire) — {story.paragraphs[0]}"
    others = [n for n in OUTLET[WIRE].staff if n != story.author]
    story.paragraphs.append(
        f"(Reporting by {story.author}; additional reporting by {rng.choice(others)}; {rng.choice(WIRE_EDITORS)})"
    )


def _copy_title(title: str, outlet: str, rng: random.Random) -> str:
    styles = {
        "pacific-tech": [title, f"{title} (Meridian Wire)"],
        "evening-courier": [title.rstrip("?"), f"{title} | Meridian"],
        "asia-signal": [f"UPDATE 1-{title}", title],
        "market-ledger": [f"{title} -- Meridian Wire", title],
        "capitol-circuit": [title, f"Wire: {title}"],
    }
    return rng.choice(styles.get(outlet, [title]))


def build_stories(rng: random.Random) -> list[Story]:
    composer = Composer(rng)
    stories: list[Story] = []
    for key, first, last, outlets in SCHEDULE:
        for slug in outlets:
            outlet = OUTLET[slug]
            story = composer.article(
                key, outlet, pick_time(rng, first, last, outlet), rng.randint(330, 720)
            )
            story.author = rng.choice(outlet.staff)
            flagged = any((s.outlet, s.event) == (slug, key) for s in stories)
            story.paywalled = (slug, key) in PAYWALLED and not flagged
            story.private = (slug, key) == PRIVATE and not flagged
            if slug == WIRE:
                _wire_story(story, rng)
            stories.append(story)
    for group, (key, stamp, copies) in enumerate(SYNDICATED):
        when = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
        wire = composer.article(key, OUTLET[WIRE], when, rng.randint(480, 640), lead=True)
        wire.author, wire.group, wire.variant = rng.choice(OUTLET[WIRE].staff), group, "original"
        _wire_story(wire, rng)
        stories.append(wire)
        for slug, hours, variant in copies:
            paragraphs = list(wire.paragraphs)
            if variant == "note":
                paragraphs.insert(0, rng.choice(WIRE_NOTES))
            elif variant == "trim":
                del paragraphs[-2]
            stories.append(
                Story(
                    slug, "", _copy_title(wire.title, slug, rng), wire.summary, wire.author,
                    when + timedelta(hours=hours), "en", paragraphs, wire.section, key, wire.tone,
                    group=group, variant=variant,
                )
            )  # fmt: skip
    for w in WRITTEN:
        when = datetime.fromisoformat(w.when.replace("Z", "+00:00"))
        stories.append(
            Story(
                w.outlet, "", w.title, w.summary, w.author, when, w.language, list(w.paragraphs),
                w.section, "lifestyle" if w.decoys or w.section == "Lifestyle" else f"written-{w.language}",
                w.tone, decoys=w.decoys,
            )
        )  # fmt: skip
    stories.sort(key=lambda s: (s.published, s.outlet, s.title))
    taken: set[str] = set()
    for story in stories:
        story.path = _path_for(story, taken)
        taken.add(story.path)
        story.comments = _comments_for(story, rng)
    return stories


def _path_for(story: Story, taken: set[str]) -> str:
    outlet = OUTLET[story.outlet]
    slug = slugify(story.title)
    if story.private:
        base = f"/private/{outlet.slug}/{slug}"
    elif not outlet.dated_urls:
        base = f"/{outlet.slug}/posts/{slug}"
    else:
        base = f"/{outlet.slug}/{story.local_time:%Y/%m/%d}/{slug}"
    path, n = base + ".html", 2
    while path in taken:
        path, n = f"{base}-{n}.html", n + 1
    return path


def _comments_for(story: Story, rng: random.Random) -> list[tuple[str, str]]:
    if OUTLET[story.outlet].kind != "outlet":
        return []
    if story.language != "en":
        theme = story.language
    elif story.event == "lifestyle":
        theme = "lifestyle"
    else:
        topics = EVENTS[story.event].bg if story.event in EVENTS else ()
        theme = next((COMMENT_THEME[t] for t in topics[:1] if t in COMMENT_THEME), "ai")
    pool = COMMENTS[theme]
    texts = rng.sample(pool, min(len(pool), rng.randint(3, 6)))
    return [(rng.choice(COMMENT_HANDLES), t) for t in texts]


# --------------------------------------------------------------------------- watchlist ground truth
# The demo's own simple matcher, so tests can assert what the pipeline should roughly find.
# Lower-case aliases match case-insensitively, others exactly; CJK aliases match as substrings.

# fmt: off
WATCHLIST: dict[str, tuple[str, ...]] = {
    "deepseek": ("DeepSeek", "DeepSeek-R1", "DeepSeek-V3", "深度求索"),
    "liang-wenfeng": ("Liang Wenfeng", "梁文锋"),
    "high-flyer": ("High-Flyer", "幻方"),
    "openai": ("OpenAI",), "chatgpt": ("ChatGPT",), "sam-altman": ("Sam Altman",),
    "meta": ("Meta", "Meta Platforms"), "llama": ("Llama",),
    "nvidia": ("Nvidia", "NVIDIA"), "jensen-huang": ("Jensen Huang",),
    "us-export-controls": ("export controls", "export restrictions", "chip controls", "Entity List"),
    "bis": ("Bureau of Industry and Security", "BIS"),
    "alibaba": ("Alibaba",), "qwen": ("Qwen",), "huawei": ("Huawei",),
    "anthropic": ("Anthropic",), "claude": ("Claude",), "google": ("Google",), "gemini": ("Gemini",),
    "microsoft": ("Microsoft",), "tsmc": ("TSMC",), "asml": ("ASML",),
    "mistral-ai": ("Mistral AI",), "stargate": ("Stargate",),
}
# fmt: on


def _alias_pattern(alias: str) -> re.Pattern[str]:
    if not alias.isascii():
        return re.compile(re.escape(alias))
    flags = re.IGNORECASE if alias == alias.lower() else 0
    return re.compile(rf"(?<![\w]){re.escape(alias)}(?![\w])", flags)


_ALIAS_PATTERNS = {k: [_alias_pattern(a) for a in v] for k, v in WATCHLIST.items()}


def entities_in(story: Story) -> list[str]:
    """Watchlist ids mentioned in the title or body, decoy senses excluded."""
    text = story.text
    return [
        key
        for key, patterns in _ALIAS_PATTERNS.items()
        if key not in story.decoys and any(p.search(text) for p in patterns)
    ]


# --------------------------------------------------------------------------- writing it out


def _week(when: datetime) -> str:
    year, week, _ = when.isocalendar()
    return f"{year}-W{week:02d}"


def _related(story: Story, stories: list[Story]) -> list[Story]:
    same = [s for s in stories if s.outlet == story.outlet and s is not story and not s.private]
    same.sort(key=lambda s: (abs((s.published - story.published).total_seconds()), s.path))
    return same[:3]


def index_page(title: str, items: list[tuple[str, str]], lang: str = "en") -> str:
    links = "\n".join(f'<li><a href="{href}">{_e(text)}</a></li>' for href, text in items)
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n<title>{_e(title)}</title>\n'
        f"</head>\n<body>\n<h1>{_e(title)}</h1>\n<ul>\n{links}\n</ul>\n</body>\n</html>\n"
    )


def write_site(site: Path, stories: list[Story]) -> dict[str, bytes]:
    """Every file of the site, by path relative to the site root."""
    files: dict[str, bytes] = {}
    horoscope = next(s for s in stories if "gemini" in s.decoys)
    for story in stories:
        sidebar = (
            horoscope if story.outlet == "evening-courier" and story is not horoscope else None
        )
        files[story.path.lstrip("/")] = render_page(
            story, _related(story, stories), sidebar
        ).encode("utf-8")
    for outlet in OUTLETS:
        own = sorted(
            (s for s in stories if s.outlet == outlet.slug), key=lambda s: s.published, reverse=True
        )
        files[f"{outlet.slug}/{outlet.feed_path}"] = render_feed(outlet, own)
        if outlet.kind != "broken":
            items = [(s.url, s.title) for s in own if not s.private]
            lang = {"zh": "en"}.get(outlet.language, outlet.language)
            files[f"{outlet.slug}/index.html"] = index_page(outlet.name, items, lang).encode(
                "utf-8"
            )
    feeds = [
        (f"{PLACEHOLDER}/{o.slug}/{o.feed_path}", f"{o.name} ({o.feed_format})") for o in OUTLETS
    ]
    files["index.html"] = index_page("mediawatch demo corpus", feeds).encode("utf-8")
    files["robots.txt"] = b"# mediawatch demo site\nUser-agent: *\nDisallow: /private/\n"
    if site.exists():
        shutil.rmtree(site)
    for rel, data in sorted(files.items()):
        target = site / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return files


def sources_yaml(outlets: tuple[Outlet, ...]) -> str:
    lines = [
        "# Demo feed sources, generated by demo/build_corpus.py: do not edit by hand.",
        "# __BASE__ stands for the demo server's base URL; demo/server.py serves demo/site.",
        "sources:",
    ]
    for o in outlets:
        lines += [
            f"  - name: {json.dumps(o.name, ensure_ascii=False)}",
            f"    url: {json.dumps(f'{PLACEHOLDER}/{o.slug}/{o.feed_path}')}",
            f"    tags: [{', '.join(o.tags)}]",
            f"    country: {o.country}",
            f"    language: {o.language}",
        ]
    return "\n".join(lines) + "\n"


def manifest(stories: list[Story], files: dict[str, bytes]) -> dict:
    """Everything a test needs to check what the demo should produce."""
    weeks = sorted({_week(s.published) for s in stories})
    groups = [[s.url for s in stories if s.group == g] for g in range(len(SYNDICATED))]
    groups = [
        sorted(g, key=lambda u: (not u.startswith(f"{PLACEHOLDER}/{WIRE}/"), u)) for g in groups
    ]
    ingestable = [s for s in stories if not s.private]
    per_entity: dict[str, dict] = {}
    entity_sets = {s.path: entities_in(s) for s in stories}
    for key in WATCHLIST:
        hits = [s for s in ingestable if key in entity_sets[s.path]]
        unique = [s for s in hits if s.group is None or s.variant == "original"]
        per_entity[key] = {
            "articles": len(hits),
            "articles_without_syndicated_copies": len(unique),
            "by_week": {w: sum(1 for s in hits if _week(s.published) == w) for w in weeks},
        }
    outlets = []
    for o in OUTLETS:
        own = [s for s in stories if s.outlet == o.slug]
        feed = files[f"{o.slug}/{o.feed_path}"]
        outlets.append(
            {
                "slug": o.slug, "name": o.name, "kind": o.kind, "tags": list(o.tags),
                "country": o.country, "language": o.language,
                "feed_url": f"{PLACEHOLDER}/{o.slug}/{o.feed_path}", "feed_format": o.feed_format,
                "feed_encoding": "windows-1252" if o.feed_format == "rss2-windows-1252" else "utf-8",
                "feed_sha256": hashlib.sha256(feed).hexdigest(),
                "page_dates": o.date_style, "utc_offset_minutes": o.utc_offset,
                "article_count": len(own),
                "articles_per_week": {w: sum(1 for s in own if _week(s.published) == w) for w in weeks},
            }
        )  # fmt: skip
    articles = [
        {
            "url": s.url, "feed_link": s.url + ("?" + TRACKING if OUTLET[s.outlet].feed_format == "rss2-summary-tracking" else ""),
            "file": "site" + s.path, "outlet": s.outlet, "title": s.title, "author": s.author,
            "published_at": s.published.strftime("%Y-%m-%dT%H:%M:%SZ"), "iso_week": _week(s.published),
            "language": s.language, "words": s.words, "chars": len("".join(s.body)), "event": s.event,
            "tone": s.tone, "syndicated_group": s.group, "syndication_variant": s.variant or None,
            "paywalled": s.paywalled, "robots_disallowed": s.private, "page_has_date": OUTLET[s.outlet].date_style != "none",
            "decoys": list(s.decoys), "comments": len(s.comments), "entities": entity_sets[s.path],
        }
        for s in sorted(stories, key=lambda s: (s.published, s.path))
    ]  # fmt: skip
    return {
        "description": "Offline demo corpus for mediawatch, generated by demo/build_corpus.py. Outlets are fictional.",
        "generator_seed": SEED,
        "placeholder": PLACEHOLDER,
        "start_date": START.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "end_date": END.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "robots_txt": "site/robots.txt",
        "article_count": len(stories),
        "articles_per_week": {w: sum(1 for s in stories if _week(s.published) == w) for w in weeks},
        "articles_per_outlet": {o.slug: sum(1 for s in stories if s.outlet == o.slug) for o in OUTLETS},
        "ingestable_article_count": len(ingestable),
        "outlets": outlets,
        "feed_formats": sorted({o.feed_format for o in OUTLETS}),
        "broken_feed": f"{PLACEHOLDER}/{BROKEN}/{OUTLET[BROKEN].feed_path}",
        "robots_disallowed": [s.url for s in stories if s.private],
        "tracking_params": {"feed": f"{PLACEHOLDER}/market-ledger/rss.xml", "query": TRACKING},
        "relative_links_feed": f"{PLACEHOLDER}/capitol-circuit/atom.xml",
        "legacy_encoding_feed": {"url": f"{PLACEHOLDER}/digitalblick/feed.rss", "encoding": "windows-1252"},
        "no_date_outlet": "forkwise",
        "paywalled": [s.url for s in stories if s.paywalled],
        "syndicated_groups": groups,
        "non_english": {lang: [s.url for s in stories if s.language == lang] for lang in ("de", "fr", "zh")},
        "decoys": {s.url: list(s.decoys) or ["meta-analysis" if "meta-analysis" in s.text else "llama (animal)"]
                   for s in stories if s.event == "lifestyle"},
        "watchlist_aliases": WATCHLIST,
        "watchlist_expected": {
            "note": "Articles (title + body, robots-disallowed excluded, decoy senses excluded) that mention each entity, by the generator's simple alias matcher.",
            "entities": per_entity,
        },
        "articles": articles,
    }  # fmt: skip


def build(out: Path) -> dict:
    """Generate site/, sources.yaml and corpus.json under `out`; return the manifest."""
    rng = random.Random(SEED)
    stories = build_stories(rng)
    files = write_site(out / "site", stories)
    (out / "sources.yaml").write_text(sources_yaml(OUTLETS), encoding="utf-8")
    data = manifest(stories, files)
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    (out / "corpus.json").write_text(text, encoding="utf-8")
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate the mediawatch demo corpus.")
    parser.add_argument("--out", type=Path, default=HERE, help="output directory (default: demo/)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    data = build(args.out)
    print(f"{data['article_count']} articles, {len(data['outlets'])} sources -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
