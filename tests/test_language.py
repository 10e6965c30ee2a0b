"""crawler.extraction.language: the record's `language` from the text, the page's declaration as fallback.

The paragraphs are one news item (a bus line extended to a new hospital) written in each
language, as a wire story would be; the Vietnamese one as a portal writes it.
"""

import unicodedata

import lxml.html
import pytest

from crawler.extraction import language
from crawler.extraction.extract import Page, extract_article
from crawler.extraction.language import declared_language, detect_language

TEXTS = {
    "en": "The city council voted on Tuesday to extend the bus line to the new hospital, after residents "
          "complained that the nearest stop was more than a mile away. The project will cost about $4 million "
          "and should be finished by the end of next year, the mayor said in a statement.",
    "de": "Der Stadtrat hat am Dienstag beschlossen, die Buslinie bis zum neuen Krankenhaus zu verlängern, "
          "nachdem sich Anwohner beschwert hatten, dass die nächste Haltestelle mehr als einen Kilometer "
          "entfernt sei. Das Projekt soll rund vier Millionen Euro kosten und bis Ende nächsten Jahres fertig "
          "sein, teilte der Bürgermeister mit.",
    "fr": "Le conseil municipal a voté mardi le prolongement de la ligne de bus jusqu'au nouvel hôpital, après "
          "que des habitants se sont plaints que l'arrêt le plus proche était à plus d'un kilomètre. Le projet "
          "coûtera environ quatre millions d'euros et devrait être achevé d'ici la fin de l'année prochaine, a "
          "indiqué le maire dans un communiqué.",
    "es": "El ayuntamiento aprobó el martes la ampliación de la línea de autobús hasta el nuevo hospital, "
          "después de que los vecinos se quejaran de que la parada más cercana estaba a más de un kilómetro. "
          "El proyecto costará unos cuatro millones de euros y debería estar terminado a finales del próximo "
          "año, según informó el alcalde en un comunicado.",
    "it": "Il consiglio comunale ha approvato martedì il prolungamento della linea dell'autobus fino al nuovo "
          "ospedale, dopo che i residenti si erano lamentati che la fermata più vicina era a più di un "
          "chilometro. Il progetto costerà circa quattro milioni di euro e dovrebbe essere completato entro la "
          "fine del prossimo anno, ha detto il sindaco in una nota.",
    "pt": "A câmara municipal aprovou na terça-feira o prolongamento da linha de autocarro até ao novo "
          "hospital, depois de os moradores se terem queixado de que a paragem mais próxima ficava a mais de "
          "um quilómetro. O projeto vai custar cerca de quatro milhões de euros e deverá estar concluído até ao "
          "final do próximo ano, disse o presidente da câmara em comunicado.",
    "nl": "De gemeenteraad heeft dinsdag besloten de buslijn door te trekken naar het nieuwe ziekenhuis, nadat "
          "bewoners hadden geklaagd dat de dichtstbijzijnde halte meer dan een kilometer verderop lag. Het "
          "project kost ongeveer vier miljoen euro en moet eind volgend jaar klaar zijn, zei de burgemeester "
          "in een verklaring.",
    "pl": "Rada miasta zagłosowała we wtorek za przedłużeniem linii autobusowej do nowego szpitala, po tym jak "
          "mieszkańcy skarżyli się, że najbliższy przystanek znajduje się ponad kilometr dalej. Projekt będzie "
          "kosztował około czterech milionów złotych i ma zostać ukończony do końca przyszłego roku, "
          "poinformował burmistrz w oświadczeniu.",
    "cs": "Zastupitelstvo města v úterý schválilo prodloužení autobusové linky až k nové nemocnici poté, co si "
          "obyvatelé stěžovali, že nejbližší zastávka je více než kilometr daleko. Projekt bude stát zhruba "
          "čtyři miliony korun a měl by být hotový do konce příštího roku, uvedl starosta v prohlášení.",
    "hu": "A városi közgyűlés kedden megszavazta, hogy a buszjáratot meghosszabbítják az új kórházig, miután a "
          "lakók panaszt tettek amiatt, hogy a legközelebbi megálló több mint egy kilométerre van. A projekt "
          "mintegy négymillió euróba kerül, és a jövő év végéig kell elkészülnie, közölte a polgármester.",
    "sv": "Kommunfullmäktige röstade på tisdagen för att förlänga busslinjen till det nya sjukhuset, sedan "
          "invånare klagat på att den närmaste hållplatsen låg mer än en kilometer bort. Projektet kommer att "
          "kosta omkring fyra miljoner kronor och ska vara klart i slutet av nästa år, sade kommunalrådet i "
          "ett uttalande.",
    "da": "Byrådet stemte tirsdag for at forlænge buslinjen til det nye hospital, efter at beboerne havde "
          "klaget over, at det nærmeste stoppested lå mere end en kilometer væk. Projektet kommer til at koste "
          "omkring fire millioner kroner og skal være færdigt ved udgangen af næste år, sagde borgmesteren i "
          "en udtalelse.",
    "no": "Bystyret stemte tirsdag for å forlenge busslinjen til det nye sykehuset, etter at beboerne hadde "
          "klaget over at nærmeste holdeplass lå mer enn en kilometer unna. Prosjektet vil koste rundt fire "
          "millioner kroner og skal være ferdig innen utgangen av neste år, sa ordføreren i en uttalelse.",
    "tr": "Belediye meclisi salı günü otobüs hattının yeni hastaneye kadar uzatılmasını onayladı. Mahalle "
          "sakinleri en yakın durağın bir kilometreden daha uzakta olduğundan şikayet etmişti. Belediye "
          "başkanı yaptığı açıklamada, projenin yaklaşık dört milyon liraya mal olacağını ve gelecek yılın "
          "sonuna kadar tamamlanması gerektiğini söyledi.",
    "id": "Dewan kota pada hari Selasa menyetujui perpanjangan jalur bus hingga ke rumah sakit yang baru, "
          "setelah warga mengeluh bahwa halte terdekat berjarak lebih dari satu kilometer. Proyek ini akan "
          "menelan biaya sekitar empat miliar rupiah dan diharapkan selesai pada akhir tahun depan, kata wali "
          "kota dalam sebuah pernyataan.",
    "ms": "Majlis bandaraya pada hari Selasa meluluskan pelanjutan laluan bas ke hospital baharu, selepas "
          "penduduk mengadu bahawa perhentian yang terdekat terletak lebih daripada satu kilometer jauhnya. "
          "Projek itu dijangka menelan belanja kira-kira empat juta ringgit dan sepatutnya siap menjelang "
          "akhir tahun hadapan, kata Datuk Bandar dalam satu kenyataan.",
    "hr": "Gradsko vijeće u utorak je izglasalo produženje autobusne linije do nove bolnice, nakon što su se "
          "stanovnici žalili da je najbliža stanica udaljena više od kilometar. Projekt će stajati oko četiri "
          "milijuna eura i trebao bi biti gotov do kraja sljedeće godine, rekao je gradonačelnik u priopćenju.",
    "ru": "Городской совет во вторник проголосовал за продление автобусного маршрута до новой больницы после "
          "того, как жители пожаловались, что ближайшая остановка находится более чем в километре. Проект "
          "обойдётся примерно в четыре миллиона рублей и должен быть завершён до конца следующего года, "
          "сообщил мэр в своём заявлении.",
    "uk": "Міська рада у вівторок проголосувала за продовження автобусного маршруту до нової лікарні після "
          "того, як мешканці поскаржилися, що найближча зупинка розташована більш ніж за кілометр. Проєкт "
          "коштуватиме близько чотирьох мільйонів гривень і має бути завершений до кінця наступного року, "
          "повідомив міський голова у своїй заяві.",
    "bg": "Общинският съвет гласува във вторник удължаването на автобусната линия до новата болница, след "
          "като жителите се оплакаха, че най-близката спирка е на повече от километър. Проектът ще струва "
          "около четири милиона лева и трябва да бъде завършен до края на следващата година, съобщи кметът "
          "в изявление.",
    "sr": "Градско веће је у уторак изгласало продужење аутобуске линије до нове болнице, након што су се "
          "становници жалили да је најближа станица удаљена више од километар. Пројекат ће коштати око четири "
          "милиона евра и требало би да буде завршен до краја следеће године, рекао је градоначелник у "
          "саопштењу.",
    "zh": "市议会周二投票决定将公交线路延长至新医院。此前居民抱怨最近的车站距离超过一公里。市长在一份声明中"
          "表示，该项目将耗资约四百万元，预计明年年底前完工。",
    "ja": "市議会は火曜日、バス路線を新しい病院まで延長することを賛成多数で可決した。住民からは最寄りの停留所が"
          "1キロ以上離れているとの苦情が出ていた。市長は声明で、事業費は約4億円で、来年末までに完成する見通しだと"
          "述べた。",
    "ko": "시의회는 화요일 버스 노선을 새 병원까지 연장하는 안을 통과시켰다. 주민들은 가장 가까운 정류장이 "
          "1킬로미터 이상 떨어져 있다고 불만을 제기해 왔다. 시장은 성명에서 이 사업에 약 40억 원이 들며 내년 "
          "말까지 완공될 예정이라고 밝혔다.",
    "th": "สภาเมืองลงมติเมื่อวันอังคารให้ขยายเส้นทางรถประจำทางไปถึงโรงพยาบาลแห่งใหม่ หลังจากที่ชาวบ้านร้องเรียนว่า"
          "ป้ายรถที่ใกล้ที่สุดอยู่ห่างออกไปมากกว่าหนึ่งกิโลเมตร นายกเทศมนตรีกล่าวว่าโครงการนี้จะใช้งบประมาณราว"
          "สี่สิบล้านบาทและจะแล้วเสร็จภายในสิ้นปีหน้า",
    "ar": "صوّت المجلس البلدي يوم الثلاثاء على تمديد خط الحافلات إلى المستشفى الجديد، بعد أن اشتكى السكان من "
          "أن أقرب محطة تبعد أكثر من كيلومتر. وقال رئيس البلدية في بيان إن المشروع سيكلف نحو أربعة ملايين "
          "دولار ومن المتوقع أن ينتهي بحلول نهاية العام المقبل.",
    "fa": "شورای شهر روز سه‌شنبه به تمدید خط اتوبوس تا بیمارستان جدید رأی داد، پس از آنکه ساکنان شکایت کردند "
          "نزدیک‌ترین ایستگاه بیش از یک کیلومتر فاصله دارد. شهردار در بیانیه‌ای گفت این پروژه حدود چهار میلیون "
          "دلار هزینه خواهد داشت.",
    "he": "מועצת העיר הצביעה ביום שלישי בעד הארכת קו האוטובוס עד לבית החולים החדש, לאחר שתושבים התלוננו "
          "שהתחנה הקרובה ביותר נמצאת במרחק של יותר מקילומטר. ראש העיר אמר בהודעה כי הפרויקט יעלה כארבעה "
          "מיליון שקלים.",
    "el": "Το δημοτικό συμβούλιο ψήφισε την Τρίτη την επέκταση της γραμμής του λεωφορείου έως το νέο "
          "νοσοκομείο, αφού οι κάτοικοι παραπονέθηκαν ότι η πλησιέστερη στάση απέχει περισσότερο από ένα "
          "χιλιόμετρο. Το έργο θα κοστίσει περίπου τέσσερα εκατομμύρια ευρώ, δήλωσε ο δήμαρχος.",
    "hi": "नगर परिषद ने मंगलवार को बस मार्ग को नए अस्पताल तक बढ़ाने के पक्ष में मतदान किया, जब निवासियों ने "
          "शिकायत की कि सबसे नज़दीकी बस स्टॉप एक किलोमीटर से भी अधिक दूर है। महापौर ने एक बयान में कहा कि इस "
          "परियोजना पर लगभग चार करोड़ रुपये खर्च होंगे।",
    "vi": "Hội đồng nhân dân thành phố hôm thứ Ba đã thông qua việc kéo dài tuyến xe buýt đến bệnh viện mới, sau "
          "khi người dân phản ánh trạm dừng gần nhất cách hơn một cây số. Chủ tịch UBND thành phố cho biết dự "
          "án có tổng vốn khoảng 100 tỷ đồng và dự kiến hoàn thành vào cuối năm sau.",
}
# The same Vietnamese, typed without its marks (đ as d), as old forums and SMS write it.
VI_TONELESS = ("Hoi dong nhan dan thanh pho hom thu Ba da thong qua viec keo dai tuyen xe buyt den benh vien "
               "moi, sau khi nguoi dan phan anh tram dung gan nhat cach hon mot cay so. Chu tich UBND thanh pho "
               "cho biet du an co tong von khoang 100 ty dong va du kien hoan thanh vao cuoi nam sau.")


@pytest.mark.parametrize("code", sorted(TEXTS))
def test_each_language_is_recognised_from_its_text(code):
    assert detect_language(TEXTS[code]) == code


@pytest.mark.parametrize("code", sorted(set(TEXTS) - {"en"}))
def test_the_text_overrides_a_wrong_declaration(code):
    # a site template that says lang="en" on every page, whatever the article's language
    assert detect_language(TEXTS[code], declared="en") == code


def test_vietnamese_in_decomposed_form_is_vietnamese():
    nfd = unicodedata.normalize("NFD", TEXTS["vi"])
    assert nfd != TEXTS["vi"]
    assert detect_language(nfd) == "vi"
    assert detect_language(nfd, declared="en") == "vi"


def test_vietnamese_without_marks_is_told_by_its_words():
    # No letter says Vietnamese here; its syllables (nguoi, cua, duoc, thanh, nhan...) are
    # scored as a stop list of their own, made from jusText's Vietnamese list without marks.
    assert detect_language(VI_TONELESS) == "vi"
    assert detect_language(VI_TONELESS, declared="en") == "vi"
    # A few marked-less syllables are not enough: too short, the page decides.
    assert detect_language("Tin tuc moi nhat hom nay", declared="en") == "en"
    assert detect_language("Tin tuc moi nhat hom nay") is None


@pytest.mark.parametrize("code", ["cs", "hu", "pt", "fr"])
def test_accented_european_text_is_not_vietnamese(code):
    # Czech and Hungarian write á, é, í, ó, ú, ý in 8 to 10 % of their letters; only letters
    # that Vietnamese alone writes (ơ, ư, ạ, ả, ế...) count for Vietnamese.
    assert detect_language(TEXTS[code]) != "vi"
    assert detect_language(TEXTS[code], declared="vi") == code


def test_a_short_or_unclear_text_falls_back_to_the_declared_language():
    assert detect_language("Kontakt", declared="de") == "de"
    assert detect_language("Hotel Restaurant Taxi Radio Internet Bar Pizza Video", declared="it") == "it"
    assert detect_language("Hotel Restaurant Taxi Radio Internet Bar Pizza Video") is None
    # Indonesian words under a Malay page: the two share most of their words; the page is believed
    assert detect_language(TEXTS["id"], declared="ms") == "ms"
    assert detect_language(TEXTS["hr"], declared="bs-BA") == "bs"


def test_empty_text_gives_the_declared_language_or_none():
    assert detect_language("", declared="fr") == "fr"
    assert detect_language(None, declared="pt-BR") == "pt"
    assert detect_language("  \n 2024 — 17:45 ") is None
    assert detect_language("") is None


def test_a_declaration_in_another_script_is_not_believed_for_latin_text():
    assert detect_language("Hotel Restaurant Taxi Radio Internet Bar Pizza Video", declared="zh-CN") is None
    assert detect_language(TEXTS["de"], declared="ja") == "de"


def test_scripts_with_more_than_one_language_follow_a_consistent_declaration():
    assert detect_language(TEXTS["hi"], declared="mr") == "mr"  # Marathi, in Devanagari too
    assert detect_language(TEXTS["hi"], declared="fr") == "hi"
    assert detect_language("市長は声明で述べた", declared="en") == "ja"
    assert detect_language("市长在声明中表示", declared="en") == "zh"
    assert detect_language("東京都", declared="ja") == "ja"  # kanji only: the page says Japanese


def test_short_cyrillic_text_is_told_by_its_letters():
    assert detect_language("Їжак і ґава") == "uk"
    assert detect_language("Новости экономики") == "ru"
    assert detect_language("Новини", declared="bg") == "bg"


def test_latin_names_in_asian_text_do_not_outweigh_it():
    text = "苹果公司首席执行官Tim Cook周二在Cupertino表示，iPhone销量增长。"
    assert detect_language(text) == "zh"


def test_declared_language_reads_lang_xml_lang_content_language_then_og_locale():
    def declared(html):
        return declared_language(lxml.html.document_fromstring(html))

    assert declared('<html lang="en-US"><body><p>x</p></body></html>') == "en"
    assert declared('<html xml:lang="de"><body><p>x</p></body></html>') == "de"
    assert declared('<html><head><meta http-equiv="Content-Language" content="fr, en">'
                    '<meta property="og:locale" content="it_IT"></head><body><p>x</p></body></html>') == "fr"
    assert declared('<html><head><meta property="og:locale" content="vi_VN"></head><body></body></html>') == "vi"
    assert declared('<html lang=""><head><meta property="og:locale" content="pt_BR"></head></html>') == "pt"
    assert declared('<html lang="x-default"><body></body></html>') is None
    assert declared("<html><body><p>x</p></body></html>") is None


MORE = {
    "de": ["Die Linie soll künftig im Zehn-Minuten-Takt fahren und auch am Wochenende bis Mitternacht "
           "verkehren. Die Verkehrsbetriebe wollen dafür vier zusätzliche Elektrobusse anschaffen.",
           "Der Seniorenbeirat begrüßte die Entscheidung, forderte aber, dass die neuen Haltestellen "
           "barrierefrei gebaut werden und überdacht sind, damit ältere Fahrgäste nicht im Regen warten."],
    "en": ["Buses will run every ten minutes on the extended route and until midnight at weekends. The "
           "transit authority plans to buy four more electric buses for the line.",
           "The seniors' association welcomed the decision but asked that the new stops be step-free and "
           "covered, so that older passengers would not have to wait in the rain."],
}


def _article_page(code: str, html_attributes: str, title: str) -> str:
    paragraphs = "".join(f"<p>{paragraph}</p>" for paragraph in [TEXTS[code], *MORE[code]])
    return (f"<html{html_attributes}><head><title>{title}</title>"
            '<meta property="article:published_time" content="2024-05-14T08:30:00+02:00"></head><body>'
            f"<article><h1>{title}</h1><time datetime=\"2024-05-14T08:30:00+02:00\">14.05.2024</time>"
            f"{paragraphs}</article></body></html>")


def test_a_page_whose_lang_attribute_lies_gets_the_language_of_its_article():
    html = _article_page("de", ' lang="en"', "Buslinie zum neuen Krankenhaus wird verlängert")
    assert declared_language(Page(html, "https://news.example.de/").tree) == "en"
    record = extract_article(html.encode(), "https://news.example.de/2024/05/buslinie-krankenhaus")
    assert record.get("reason") is None
    assert record["language"] == "de"


def test_a_page_without_lang_gets_the_language_of_its_article():
    html = _article_page("en", "", "Bus line to the new hospital is extended")
    assert declared_language(Page(html, "https://news.example.com/").tree) is None
    record = extract_article(html.encode(), "https://news.example.com/2024/05/bus-line-hospital")
    assert record.get("reason") is None
    assert record["language"] == "en"


def test_stop_lists_load_once_and_only_for_the_script_met():
    language._loaded.clear()
    detect_language(TEXTS["vi"])
    detect_language(TEXTS["zh"])
    assert language._loaded == {}  # Vietnamese and Chinese are told without any list
    detect_language(TEXTS["fr"])
    assert set(language._loaded) == {"Latin"}
    table = language._loaded["Latin"]
    detect_language(TEXTS["de"])
    assert language._loaded["Latin"] is table
    detect_language(TEXTS["ru"])
    assert set(language._loaded) == {"Latin", "Cyrillic"}
