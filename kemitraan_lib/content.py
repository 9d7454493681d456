"""The course content as data: the single source of truth.

Notebooks, widgets, graded tests and the pattern recommender all read the
collections below. Every collection is a tuple of frozen dataclasses; each
item has a stable ASCII ``key``, an Indonesian ``label`` and a short
Indonesian ``description`` written in our own words.

>>> len(COMPETENCIES), len(STEPS), len(PATTERNS)
(7, 11, 12)
>>> by_key(STEPS, "monev").number
9
>>> keys(GENERAL_PRINCIPLES)
('persamaan', 'keterbukaan', 'saling-menguntungkan')
>>> labels(APPROACHES)["personal"]
'Pendekatan personal'
>>> by_key(PATTERNS, "kerjasama-operasional").small_gives == frozenset({"lahan", "tenaga"})
True
>>> by_key(PATTERNS, "perdagangan-umum").key  # a former key still resolves
'dagang-umum'

Unknown keys raise :class:`~kemitraan_lib.errors.InvalidValueError` with an
Indonesian message that lists the valid keys:

>>> by_key(APPROACHES, "rahasia")
Traceback (most recent call last):
...
kemitraan_lib.errors.InvalidValueError: Pendekatan 'rahasia' tidak dikenal. Pilihan: personal, \
informal, formal.

This module is pure data: it imports nothing heavy (no pandas, networkx,
matplotlib or ipywidgets).
"""

from __future__ import annotations

from dataclasses import dataclass

from kemitraan_lib.errors import InvalidValueError, format_choices, quote, show

__all__ = [
    "Item",
    "Competency",
    "Principle",
    "Step",
    "Quadrant",
    "PartnerKind",
    "Resource",
    "Pattern",
    "LegalForm",
    "AgreementPart",
    "Phase",
    "Signal",
    "COMPETENCIES",
    "CONDITIONS",
    "FOUNDATIONS",
    "GENERAL_PRINCIPLES",
    "PRINCIPLES",
    "ACCESS",
    "OBJECTIVES",
    "STRATEGIES",
    "PARTNER_KINDS",
    "CATEGORIES",
    "APPROACHES",
    "STEPS",
    "TECHNIQUES",
    "RESOURCES",
    "PATTERNS",
    "PATTERN_ALIASES",
    "PATTERN_SOURCES",
    "LEGAL_FORMS",
    "AGREEMENT_PARTS",
    "LEGAL_HISTORY",
    "INTERPRETATION_LABEL",
    "SIDES",
    "DURATIONS",
    "CLOSENESS",
    "SHARING",
    "QUADRANTS",
    "LINK_TYPES",
    "DIRECTIONS",
    "MOU_PARTS",
    "PARTNERING_STAGES",
    "PARTNERING_CYCLE",
    "TRAFFIC_LIGHT",
    "COLLECTIONS",
    "by_key",
    "keys",
    "labels",
]


# --------------------------------------------------------------------------
# Item types
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One piece of course content.

    >>> Item("contoh", "Contoh", "Sebuah contoh.").label
    'Contoh'
    """

    key: str  # ascii slug, stable (tests and graded notebooks use it)
    label: str  # Indonesian label as taught
    description: str  # 1-3 sentences, our own words


@dataclass(frozen=True)
class Competency(Item):
    """One of the seven competencies; ``module`` is the notebook slug."""

    number: int = 0
    module: str = ""


@dataclass(frozen=True)
class Principle(Item):
    """A partnership principle; ``if_missing`` says what goes wrong without it."""

    if_missing: str = ""


@dataclass(frozen=True)
class Step(Item):
    """One of the eleven steps of building a partnership (``number`` 1..11)."""

    number: int = 0


@dataclass(frozen=True)
class Quadrant(Item):
    """A cell of the power-interest grid.

    ``high_influence`` / ``high_interest`` tell which cell it is
    (high means a value of 3 or more on the 0..5 scale); ``advice`` is what
    the facilitator should do with partners in this cell.
    """

    high_influence: bool = False
    high_interest: bool = False
    advice: str = ""


@dataclass(frozen=True)
class PartnerKind(Item):
    """A kind of candidate partner; ``approach`` is a suggested APPROACHES key."""

    approach: str = ""


#: Who can offer a resource in the chooser: the group (smaller side), the partner (larger
#: side), or the group as a need.
SIDES = ("kelompok", "mitra", "kebutuhan")
_ALL_SIDES = SIDES


@dataclass(frozen=True)
class Resource(Item):
    """Something a side can bring or the group can need; ``sides`` says where it is asked."""

    sides: tuple[str, ...] = SIDES


@dataclass(frozen=True, kw_only=True)
class Pattern(Item):
    """A partnership pattern (pola kemitraan), or the "not a business partnership" outcome.

    ``small_gives`` / ``large_gives`` are the RESOURCES keys the smaller party (the group)
    and the larger partner *must* bring for the pattern to work; ``small_may`` /
    ``large_may`` are what they often bring as well (no penalty when present).
    ``serves_needs`` are the RESOURCES keys the smaller party can gain. ``duration``,
    ``closeness`` and ``sharing`` are the DURATIONS / CLOSENESS / SHARING keys the pattern
    usually fits. ``profit_sharing``, ``risk_sharing`` and ``fits_when`` are the course's own
    reading (INTERPRETATION_LABEL), not text of the source or the law. ``control_warning`` is
    empty when the pattern carries no particular risk of the larger partner owning or
    controlling the smaller one (UU 20/2008 Pasal 35). ``aliases`` are former keys that now
    resolve to this pattern; ``instead`` says what to do instead (non-business outcome only).
    """

    source: str  # PATTERN_SOURCES key: "materi", "uu" or "bukan-usaha"
    legal_basis: str
    small_gives: frozenset[str]
    large_gives: frozenset[str]
    serves_needs: frozenset[str]
    profit_sharing: str
    risk_sharing: str
    fits_when: str
    small_may: frozenset[str] = frozenset()
    large_may: frozenset[str] = frozenset()
    risks: tuple[str, ...] = ()
    control_warning: str = ""
    duration: tuple[str, ...] = ()
    closeness: tuple[str, ...] = ()
    sharing: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    instead: str = ""

    @property
    def is_business(self) -> bool:
        """False for the "not a business partnership" outcome."""
        return self.source != "bukan-usaha"


@dataclass(frozen=True)
class LegalForm(Item):
    """A partnership form named by the regulation; ``pattern`` is the PATTERNS key covering it."""

    citation: str = ""
    pattern: str = ""


@dataclass(frozen=True)
class AgreementPart(Item):
    """What UU 20/2008 Pasal 34 ayat (1) asks a written agreement to settle."""

    mou_part: str = ""


@dataclass(frozen=True)
class Phase(Item):
    """A phase of The Partnering Initiative's partnering cycle.

    ``stage`` is a PARTNERING_STAGES key; ``step_keys`` lists which of our
    eleven STEPS covers this phase (empty when our list leaves it out).
    """

    number: int = 0
    stage: str = ""
    step_keys: tuple[str, ...] = ()


@dataclass(frozen=True)
class Signal(Item):
    """A traffic-light colour for a monitoring & evaluation review."""

    action: str = ""


# --------------------------------------------------------------------------
# Competencies and basics
# --------------------------------------------------------------------------

COMPETENCIES: tuple[Competency, ...] = (
    Competency(
        "hakikat",
        "Memahami hakikat jaringan kemitraan",
        "Menjelaskan apa arti kemitraan dan jejaring, serta bedanya: jejaring masih berupa "
        "hubungan, sedangkan kemitraan sudah jelas siapa berperan apa menurut aturan yang "
        "disepakati.",
        number=1,
        module="01-hakikat",
    ),
    Competency(
        "kesadaran",
        "Sadar akan pentingnya membangun jaringan kemitraan",
        "Menyadari mengapa fasilitator perlu mitra: kemitraan membuka jalan bagi masyarakat "
        "menuju informasi, teknologi dan sumber daya yang belum mereka punya.",
        number=2,
        module="02-pentingnya",
    ),
    Competency(
        "pemetaan",
        "Memetakan posisi jaringan kemitraan",
        "Mendaftar calon mitra di wilayah kerja dan di luarnya, lalu menempatkan masing-masing "
        "menurut pengaruh, kepentingan dan dukungannya.",
        number=3,
        module="03-pemetaan-mitra",
    ),
    Competency(
        "tujuan",
        "Memahami tujuan membangun jaringan kemitraan",
        "Mengetahui untuk apa kemitraan dibangun: agar warga penerima manfaat makin ikut serta "
        "dan agar program-program yang ada saling menguatkan.",
        number=4,
        module="04-tujuan",
    ),
    Competency(
        "prinsip",
        "Memahami prinsip membangun jaringan kemitraan",
        "Mengenali enam prinsip yang membuat kemitraan kuat dan tahan lama, dan tanda-tanda "
        "bila salah satunya hilang.",
        number=5,
        module="05-prinsip",
    ),
    Competency(
        "strategi",
        "Menerapkan strategi membangun jaringan kemitraan",
        "Mempraktikkan kiat agar kemitraan tidak macet atau gagal karena salah paham, mulai "
        "dari mendengarkan sampai menindaklanjuti perkenalan.",
        number=6,
        module="06-strategi",
    ),
    Competency(
        "pola",
        "Menguasai pola-pola jaringan kemitraan",
        "Memilih pola kemitraan yang cocok dengan apa yang dimiliki dan dibutuhkan tiap pihak, "
        "termasuk pola yang diatur undang-undang UMKM.",
        number=7,
        module="07-pola-kemitraan",
    ),
)

CONDITIONS: tuple[Item, ...] = (
    Item(
        "dua-pihak",
        "Ada dua pihak atau lebih",
        "Kemitraan selalu melibatkan sedikitnya dua organisasi atau pihak; satu pihak saja "
        "belum bisa disebut bermitra.",
    ),
    Item(
        "kesamaan-visi",
        "Memiliki visi yang sama",
        "Para pihak melihat arah yang sama tentang tujuan yang hendak dicapai bersama.",
    ),
    Item(
        "kesepakatan",
        "Ada kesepahaman atau kesepakatan",
        "Para pihak sudah sepaham tentang apa yang akan dikerjakan dan menuangkannya dalam "
        "kesepakatan, misalnya nota kesepahaman.",
    ),
    Item(
        "saling-percaya",
        "Saling percaya dan saling membutuhkan",
        "Setiap pihak merasa memerlukan pihak lain dan yakin pihak lain akan menepati perannya.",
    ),
    Item(
        "komitmen-bersama",
        "Komitmen bersama untuk tujuan yang lebih besar",
        "Semua pihak berjanji bekerja untuk hasil bersama yang lebih besar daripada yang bisa "
        "dicapai sendiri-sendiri.",
    ),
)

FOUNDATIONS: tuple[Item, ...] = (
    Item(
        "kepentingan-bersama",
        "Kepentingan bersama",
        "Ada perhatian atau kepentingan yang sama-sama dirasakan para pihak (common interest).",
    ),
    Item(
        "percaya-menghormati",
        "Saling percaya dan menghormati",
        "Para pihak menaruh kepercayaan dan memperlakukan satu sama lain dengan hormat.",
    ),
    Item(
        "tujuan-terukur",
        "Tujuan jelas dan terukur",
        "Yang ingin dicapai dirumuskan dengan jelas sehingga kemajuannya dapat diukur bersama.",
    ),
    Item(
        "kesediaan-berkorban",
        "Kesediaan berkorban",
        "Setiap pihak rela menyumbangkan waktu, tenaga dan sumber daya lain demi kemitraan.",
    ),
)

GENERAL_PRINCIPLES: tuple[Item, ...] = (
    Item(
        "persamaan",
        "Persamaan (equality)",
        "Semua pihak berkedudukan setara; tidak ada yang memerintah yang lain, besar atau "
        "kecilnya organisasi.",
    ),
    Item(
        "keterbukaan",
        "Keterbukaan (transparency)",
        "Informasi, rencana dan penggunaan dana dibuka kepada semua pihak sehingga tidak ada "
        "yang curiga.",
    ),
    Item(
        "saling-menguntungkan",
        "Saling menguntungkan (mutual benefit)",
        "Setiap pihak memperoleh manfaat yang sepadan dengan sumbangannya.",
    ),
)

PRINCIPLES: tuple[Principle, ...] = (
    Principle(
        "kesamaan-visi-misi",
        "Kesamaan visi dan misi",
        "Kemitraan berdiri di atas visi, misi dan tujuan yang sejalan; kesamaan inilah yang "
        "mendorong dan merekatkan para pihak.",
        if_missing="Para pihak berjalan ke arah masing-masing dan kerja sama mudah bubar.",
    ),
    Principle(
        "kepercayaan",
        "Kepercayaan (trust)",
        "Rasa saling percaya adalah modal pertama kemitraan; ia tumbuh dari niat baik dan "
        "kejujuran dalam setiap komunikasi.",
        if_missing="Setiap langkah dicurigai, kesepakatan sulit dibuat dan mudah dilanggar.",
    ),
    Principle(
        "saling-menguntungkan",
        "Saling menguntungkan",
        "Setiap pihak menyumbang sesuai perannya dan setiap pihak merasakan manfaatnya.",
        if_missing="Pihak yang merasa rugi atau tidak mendapat apa-apa akan kecewa dan "
        "kerja sama menjadi tidak harmonis.",
    ),
    Principle(
        "efisiensi-efektivitas",
        "Efisiensi dan efektivitas",
        "Menggabungkan sumber daya beberapa pihak menghemat waktu, biaya dan tenaga tanpa "
        "menurunkan mutu; pembagian tugas yang jelas membuat tujuan lebih cepat tercapai.",
        if_missing="Pekerjaan dilakukan dua kali, biaya membengkak dan tidak jelas siapa "
        "mengerjakan apa.",
    ),
    Principle(
        "komunikasi-dialogis",
        "Komunikasi dialogis",
        "Komunikasi berjalan dua arah dan saling menghargai; inilah dasar untuk bekerja sama.",
        if_missing="Satu pihak mendominasi pihak lain dan hubungan yang sudah dibangun rusak.",
    ),
    Principle(
        "komitmen-kuat",
        "Komitmen yang kuat",
        "Para pihak sungguh-sungguh memegang kesepakatan yang mereka buat bersama, sehingga "
        "kemitraan kokoh dan bertahan lama.",
        if_missing="Janji tidak ditepati dan kemitraan berhenti di atas kertas.",
    ),
)

ACCESS: tuple[Item, ...] = (
    Item(
        "informasi",
        "Akses informasi",
        "Lewat mitra, warga mendapat kabar tentang harga, peluang, program dan aturan yang "
        "sebelumnya tidak sampai ke desa.",
    ),
    Item(
        "teknologi",
        "Akses teknologi",
        "Mitra dapat mengenalkan cara kerja, alat atau bibit yang lebih baik kepada warga.",
    ),
    Item(
        "sumber-daya",
        "Akses sumber daya lain",
        "Mitra dapat membuka jalan ke modal, pasar, tenaga ahli dan sarana yang dibutuhkan "
        "warga untuk mandiri.",
    ),
)

OBJECTIVES: tuple[Item, ...] = (
    Item(
        "partisipasi",
        "Meningkatkan partisipasi masyarakat pemanfaat",
        "Kemitraan membuat warga penerima manfaat ikut terlibat lebih aktif, bukan sekadar "
        "menerima bantuan.",
    ),
    Item(
        "sinergi-program",
        "Menyinergikan program",
        "Program dari berbagai pihak di satu wilayah dipadukan agar saling mengisi dan tidak "
        "tumpang tindih.",
    ),
)

STRATEGIES: tuple[Item, ...] = (
    Item(
        "bukan-kartu-nama",
        "Lebih dari bertukar kartu nama",
        "Berkenalan saja belum cukup; kartu nama yang hanya disimpan tidak menghasilkan mitra. "
        "Jejaring dibangun secara teratur dan terencana.",
    ),
    Item(
        "pendengar-baik",
        "Menjadi pendengar yang baik",
        "Biarkan calon mitra bercerita tentang keluarga, kelompok dan usahanya. Dari situ kita "
        "tahu cara memperlakukan mereka, dan mereka pun terkesan.",
    ),
    Item(
        "fokus-tujuan",
        "Fokus pada tujuan",
        "Dekati orang yang berkaitan dengan sasaran, karena mutu jejaring lebih penting daripada "
        "jumlahnya. Hubungi lagi dalam 3 hari (72 jam) lewat SMS, telepon, surel atau surat "
        "agar kita tidak dilupakan.",
    ),
    Item(
        "sabar-proaktif",
        "Sabar, aktif dan proaktif",
        "Beri sesuatu yang bernilai bagi orang lain, berupa layanan atau sumbangan, sehingga "
        "kerja sama terasa memudahkan dan menguntungkan mereka.",
    ),
    Item(
        "cerdas-akurat",
        "Cerdas dan menyampaikan informasi akurat",
        "Terus belajar lewat bacaan, seminar, lokakarya atau pameran, dan sampaikan informasi "
        "apa adanya, sehingga kita dikenal karena pengetahuan kita.",
    ),
    Item(
        "kesinambungan-komunikasi",
        "Menjaga kesinambungan komunikasi",
        "Sediakan waktu untuk terus berkomunikasi agar hubungan yang sudah terjalin tetap hidup "
        "dan berkembang.",
    ),
    Item(
        "peduli-lingkungan",
        "Peduli lingkungan",
        "Tunjukkan kepedulian pada lingkungan dan kehidupan warga, misalnya dengan ikut dalam "
        "kegiatan kemasyarakatan.",
    ),
    Item(
        "citra-wirausaha",
        "Membangun citra diri sebagai wirausaha",
        "Tampil profesional: pandai berkomunikasi, menepati janji dan prinsip, peduli pada "
        "petani dan pengusaha yang didampingi, serta menjaga penampilan.",
    ),
)

PARTNER_KINDS: tuple[PartnerKind, ...] = (
    PartnerKind(
        "kelompok",
        "Kelompok masyarakat yang sudah maju",
        "Kelompok tani, kelompok tani hutan, kelompok perempuan atau kelompok usaha yang sudah "
        "berjalan baik dan bisa menjadi contoh atau rekan.",
        approach="informal",
    ),
    PartnerKind(
        "tokoh",
        "Tokoh masyarakat berpengaruh",
        "Orang yang didengar warga, misalnya tokoh agama, tokoh adat atau kepala dusun.",
        approach="personal",
    ),
    PartnerKind(
        "usaha",
        "Dunia usaha dan industri",
        "Perusahaan, pabrik, toko, swalayan atau pedagang yang dapat membeli, memasok atau "
        "membiayai.",
        approach="formal",
    ),
    PartnerKind(
        "koperasi",
        "Koperasi atau KUD",
        "Koperasi desa atau KUD yang menghimpun anggota, simpan pinjam dan pemasaran bersama.",
        approach="informal",
    ),
    PartnerKind(
        "pemerintah",
        "Lembaga pemerintah",
        "Dinas terkait, unit pelaksana teknis (UPT), pemerintah desa dan lembaga resmi lain.",
        approach="formal",
    ),
)

CATEGORIES: tuple[PartnerKind, ...] = PARTNER_KINDS + (
    PartnerKind(
        "lainnya",
        "Lainnya",
        "Calon mitra di luar lima jenis utama, misalnya LSM, perguruan tinggi atau media.",
        approach="informal",
    ),
)

APPROACHES: tuple[Item, ...] = (
    Item(
        "personal",
        "Pendekatan personal",
        "Mendekati orangnya secara pribadi tanpa membawa urusan lembaga, misalnya berkunjung ke "
        "rumahnya untuk mengobrol tentang hal yang ingin kita ketahui.",
    ),
    Item(
        "informal",
        "Pendekatan informal",
        "Memakai hubungan baik yang sudah ada, misalnya lewat kenalan, teman atau pertemuan "
        "warga. Bersama pendekatan personal, sering lebih berhasil daripada jalur resmi.",
    ),
    Item(
        "formal",
        "Pendekatan formal",
        "Menghubungi seseorang lewat jabatan atau perannya di lembaga, misalnya dengan surat "
        "resmi, audiensi atau rapat dinas.",
    ),
)

STEPS: tuple[Step, ...] = (
    Step(
        "identifikasi",
        "Identifikasi atau pemetaan calon mitra",
        "Mendaftar pelaku utama, pelaku usaha dan lembaga yang mungkin diajak bermitra, "
        "menurut ciri dan kebutuhannya, mulai dari lingkup kecil lalu melebar.",
        number=1,
    ),
    Step(
        "menggali-informasi",
        "Menggali informasi",
        "Mencari tahu tujuan, bidang kerja, visi dan misi calon mitra lewat pendekatan personal, "
        "informal atau formal, misalnya dengan wawancara dan pengamatan.",
        number=2,
    ),
    Step(
        "analisis-informasi",
        "Menganalisis informasi",
        "Mengolah informasi yang terkumpul untuk memilih pihak yang benar-benar sesuai dengan "
        "masalah dan kebutuhan kita.",
        number=3,
    ),
    Step(
        "penjajakan",
        "Penjajakan kerja sama",
        "Mendalami kemungkinan kerja sama dengan calon mitra terpilih, misalnya lewat audiensi "
        "atau presentasi program.",
        number=4,
    ),
    Step(
        "rencana-kerja",
        "Penyusunan rencana kerja",
        "Setelah setuju bekerja sama, semua pihak menyusun rencana bersama agar aspirasi dan "
        "kepentingan tiap pihak masuk.",
        number=5,
    ),
    Step(
        "kesepakatan",
        "Membuat kesepakatan",
        "Merumuskan peran dan tanggung jawab tiap pihak dan menuliskannya dalam nota "
        "kesepahaman (MoU).",
        number=6,
    ),
    Step(
        "penandatanganan",
        "Penandatanganan MoU",
        "Para pihak menandatangani nota kesepahaman yang sudah dirumuskan.",
        number=7,
    ),
    Step(
        "pelaksanaan",
        "Pelaksanaan kegiatan",
        "Menjalankan rencana bersama; setiap pihak mengerjakan bagian sesuai peran dan "
        "tanggung jawabnya.",
        number=8,
    ),
    Step(
        "monev",
        "Monitoring dan evaluasi",
        "Memantau jalannya kegiatan agar tidak menyimpang dan masalah cepat ditangani, lalu "
        "menilai bersama mana yang sudah dan belum tercapai serta apa penghambatnya.",
        number=9,
    ),
    Step(
        "perbaikan",
        "Perbaikan",
        "Memakai hasil evaluasi untuk memperbaiki kerja sama dan memutuskan apakah kemitraan "
        "diteruskan tahun berikutnya.",
        number=10,
    ),
    Step(
        "tindak-lanjut",
        "Rencana tindak lanjut",
        "Bila kerja sama diteruskan, rencana tahun berikutnya disusun dari hasil evaluasi; "
        "perjanjian dapat diperpanjang, dengan atau tanpa perubahan isi.",
        number=11,
    ),
)

TECHNIQUES: tuple[Item, ...] = (
    Item(
        "nomor-satukan-mitra",
        "Selalu nomor satukan mitra",
        "Perlakukan setiap mitra sebagai yang terpenting agar mereka merasa dihormati. Peluang "
        "bisa datang dari siapa saja, termasuk orang yang kelak berpengaruh.",
    ),
    Item(
        "rendah-hati",
        "Rendah hati dan minta masukan",
        "Mintalah saran dan keluhan mitra secara terbuka, juga lewat acara khusus seperti temu "
        "mitra; diamnya mitra belum tentu berarti puas.",
    ),
    Item(
        "sabar",
        "Sabar menghadapi perangai mitra",
        "Watak mitra bermacam-macam; tetap tenang dan profesional. Keluhan yang sah dicatat dan "
        "diperbaiki sebelum membesar; hanya urusan pribadi yang sensitif yang dialihkan.",
    ),
    Item(
        "nilai-unik",
        "Tunjukkan nilai unik",
        "Berikan kesan khas di setiap pertemuan, misalnya fakta menarik tentang produk, agar "
        "mitra mudah mengingat kita.",
    ),
    Item(
        "aktif",
        "Bersikap aktif",
        "Jangan menunggu diajak: undang mitra ke acara dan jaga kontak lewat WhatsApp, surel "
        "atau media sosial, misalnya saat hari raya atau peluncuran produk baru.",
    ),
    Item(
        "kejutan",
        "Berikan kejutan",
        "Berikan lebih dari yang tertulis dalam perjanjian, misalnya ide segar atau peluang "
        "kerja sama baru.",
    ),
)

RESOURCES: tuple[Resource, ...] = (
    Resource(
        "lahan",
        "Lahan dan tempat usaha",
        "Tanah garapan, kebun, kolam, kandang, gudang, kios atau bangunan tempat bekerja.",
        sides=_ALL_SIDES,
    ),
    Resource(
        "tenaga",
        "Tenaga kerja dan keterampilan",
        "Orang yang menanam, merawat, memanen, membuat, menjahit, melayani atau menjual.",
        sides=_ALL_SIDES,
    ),
    Resource(
        "produk",
        "Barang atau hasil untuk dijual",
        "Hasil panen, kayu, ternak, kerajinan, makanan olahan atau barang pabrik yang siap "
        "dipasarkan.",
        sides=_ALL_SIDES,
    ),
    Resource(
        "modal",
        "Modal usaha",
        "Uang yang disetor atau dipinjamkan untuk usaha, atau barang modal seperti ternak "
        "bakalan dan mesin, yang kelak harus kembali atau berbuah bagian hasil.",
        sides=_ALL_SIDES,
    ),
    Resource(
        "sarana",
        "Sarana produksi dan bahan baku",
        "Bibit, pupuk, pakan, obat, benang, kain atau bahan lain yang habis dipakai dalam "
        "produksi.",
        sides=_ALL_SIDES,
    ),
    Resource(
        "manajemen",
        "Manajemen dan pembinaan",
        "Kemampuan mengatur usaha, pembukuan, bimbingan dan pelatihan usaha.",
        sides=_ALL_SIDES,
    ),
    Resource(
        "teknologi",
        "Teknologi dan standar mutu",
        "Alat, cara budidaya, pengolahan, pengemasan, resep atau standar mutu yang harus "
        "dipenuhi.",
        sides=_ALL_SIDES,
    ),
    Resource(
        "merek",
        "Merek dan sistem usaha",
        "Nama dagang yang sudah dikenal pembeli beserta cara kerja baku yang sudah teruji, "
        "seperti pada gerai waralaba.",
        sides=_ALL_SIDES,
    ),
    Resource(
        "pasar",
        "Pasar: pembeli atau pemberi pesanan",
        "Pembeli tetap, pemberi pesanan, rak di toko, atau jaringan penjualan ke pembeli.",
        sides=_ALL_SIDES,
    ),
    Resource(
        "pembayaran",
        "Pembayaran atas barang atau jasa",
        "Harga yang dibayar mitra untuk barang atau jasa kelompok, termasuk uang muka. "
        "Pembayaran bukan modal: uangnya tidak disetor ke usaha kelompok.",
        sides=("mitra",),
    ),
    Resource(
        "bantuan",
        "Bantuan tanpa imbalan usaha",
        "Hibah, bantuan program pemerintah atau dana tanggung jawab sosial perusahaan (CSR) "
        "yang tidak meminta bagian hasil, harga atau pembayaran kembali.",
        sides=("mitra",),
    ),
    Resource(
        "badan-hukum",
        "Badan usaha berbadan hukum",
        "Koperasi, BUMDes, CV atau PT milik kelompok yang bisa menandatangani perjanjian dan "
        "memiliki aset atas namanya sendiri.",
        sides=("kelompok",),
    ),
)

# --------------------------------------------------------------------------
# Options used by patterns and the recommender
# --------------------------------------------------------------------------

PATTERN_SOURCES: tuple[Item, ...] = (
    Item(
        "materi",
        "Materi kursus",
        "Empat pola yang diajarkan dalam materi sumber kursus ini.",
    ),
    Item(
        "uu",
        "Peraturan UMKM",
        "Pola yang disebut UU 20/2008 Pasal 26 (sebagaimana diubah) dan PP 7/2021 Pasal 106.",
    ),
    Item(
        "bukan-usaha",
        "Bukan kemitraan usaha",
        "Kerja sama yang bukan pola kemitraan usaha, misalnya hibah, program pemerintah atau "
        "CSR; kursus ini menambahkannya agar tidak dipaksakan menjadi pola usaha.",
    ),
)

DURATIONS: tuple[Item, ...] = (
    Item("pendek", "Pendek", "Kurang dari satu tahun atau satu musim tanam."),
    Item("menengah", "Menengah", "Satu sampai tiga tahun."),
    Item("panjang", "Panjang", "Lebih dari tiga tahun."),
)

CLOSENESS: tuple[Item, ...] = (
    Item("longgar", "Longgar", "Hanya jual beli atau kontak sesekali."),
    Item("sedang", "Sedang", "Ada aturan bersama dan pertemuan rutin."),
    Item("erat", "Erat", "Bekerja sama setiap hari dan saling bergantung."),
)

SHARING: tuple[Item, ...] = (
    Item("jual-beli", "Jual beli", "Barang dibeli dengan harga yang disepakati."),
    Item(
        "imbalan",
        "Imbalan tetap",
        "Bayaran jasa, komisi penjualan atau royalti menurut tarif yang disepakati.",
    ),
    Item("bagi-hasil", "Bagi hasil", "Keuntungan dibagi menurut persentase yang disepakati."),
    Item("bagi-risiko", "Bagi risiko", "Kerugian dan risiko gagal ditanggung bersama."),
    Item(
        "tanpa-imbalan",
        "Tanpa bagi hasil",
        "Pemberi tidak meminta bagian keuntungan, harga atau bunga, seperti hibah atau "
        "pinjaman lunak.",
    ),
)

#: One sentence of amendment history, shown wherever the law is cited.
LEGAL_HISTORY = (
    "UU 20/2008 tentang UMKM masih berlaku; Pasal 26-nya (pola kemitraan) diubah oleh UU "
    "11/2020 tentang Cipta Kerja, yang kemudian diganti Perppu 2/2022 dan ditetapkan menjadi "
    "UU 6/2023, dan rinciannya diatur dalam PP 7/2021."
)

#: Label for the course's own reading of a pattern (profit, risk, "cocok bila").
INTERPRETATION_LABEL = "Tafsiran kursus"

# --------------------------------------------------------------------------
# Partnership patterns
# --------------------------------------------------------------------------

# UU 20/2008 Pasal 35 ayat (1) and (2), checked against the text quoted by antaranews.com
# (KPPU Kanwil I, 10 Aug 2023) and kppu.go.id "Pengawasan Kemitraan" (what "memiliki" and
# "menguasai" mean in KPPU practice).
_PASAL_35 = (
    "UU 20/2008 Pasal 35 melarang usaha besar memiliki dan/atau menguasai usaha mikro, "
    "kecil atau menengah yang menjadi mitranya (ayat 1), dan usaha menengah memiliki "
    "dan/atau menguasai usaha mikro atau kecil mitranya (ayat 2)."
)


def _warn(text: str) -> str:
    """A control warning: the situation-specific text plus the legal rule."""
    return f"{text} Ingat: {_PASAL_35}"


# Citations below were checked, without internet, against stored copies of:
#   [UU20]  UU 20/2008 as quoted by kppu.go.id/pengawasan-kemitraan (Pasal 26 list before
#           the amendment: inti-plasma ... distribusi dan keagenan, "bentuk kemitraan lain
#           seperti" bagi hasil, kerja sama operasional, usaha patungan, penyumberluaran);
#   [PP7]   PP 7/2021 Pasal 106 ayat (1) as quoted by makananhewani.com and smartlegal.id
#           (ten forms incl. rantai pasok; Pasal 107 inti-plasma, Pasal 108 subkontrak);
#           its Menimbang (datacenter.ortax.org) names UU 11/2020 Pasal 87 as its basis;
#   [KKP]   Permen KP 31/2023 Pasal 6 on pasal.id (same list: a-f plus "bentuk Kemitraan
#           lain": bagi hasil, kerja sama operasional, usaha patungan, penyumberluaran);
#   [PP42]  PP 42/2007 tentang Waralaba Pasal 1 angka 2-3 ("Pemberi Waralaba", "Penerima
#           Waralaba") and Pasal 3 (criteria), scribd copy of the PP;
#   [KOA]   Kepmentan 940/Kpts/OT.210/10/1997 (pedoman kemitraan usaha pertanian), cited by
#           the source's reference list; its "kerjasama operasional agribisnis (KOA)" as
#           summarised by Sumardjo et al. 2004 (text-id.123dok.com) matches the source's KSO.
# The wording of Pasal 26 as amended by UU 11/2020 itself could not be retrieved here; the
# list is cross-checked through [PP7] and [KKP], which implement it. Pasal 27-31 contents
# (inti-plasma, subkontrak, waralaba, perdagangan umum, distribusi dan keagenan) follow the
# articles as recalled and as paraphrased by the issue; they are stated loosely on purpose.
PATTERNS: tuple[Pattern, ...] = (
    Pattern(
        # Source pattern 1. Law: UU 20/2008 Pasal 26 huruf e and Pasal 31 [UU20]; PP 7/2021
        # Pasal 106 ayat (1) [PP7]. Merged with the former twin "distribusi-keagenan".
        key="keagenan",
        label="Keagenan / distribusi dan keagenan",
        description=(
            "Usaha menengah atau besar memberi kelompok hak khusus untuk memasarkan barang atau "
            "jasanya di suatu wilayah. Kelompok menjadi agen atau penyalur dan mendapat komisi "
            "atau selisih harga."
        ),
        source="materi",
        legal_basis="Pola materi; dalam peraturan disebut distribusi dan keagenan: UU 20/2008 "
        "Pasal 26 huruf e dan Pasal 31; PP 7/2021 Pasal 106 ayat (1)",
        small_gives=frozenset({"tenaga", "pasar"}),
        small_may=frozenset({"modal", "lahan", "badan-hukum"}),
        large_gives=frozenset({"produk"}),
        large_may=frozenset({"merek", "teknologi", "manajemen", "pembayaran"}),
        serves_needs=frozenset({"produk", "merek", "teknologi", "manajemen"}),
        profit_sharing="Agen mendapat komisi per penjualan atau selisih harga beli dan harga "
        "jual; pemilik barang mendapat hasil penjualan.",
        risk_sharing="Pemilik barang menanggung mutu dan kelancaran pasokan; agen menanggung "
        "biaya menjual dan, bila membeli putus, barang yang tidak laku.",
        fits_when="Kelompok punya tenaga penjual dan dikenal pembeli di wilayahnya, tetapi "
        "belum punya barang sendiri untuk dijual.",
        risks=(
            "Target penjualan ditetapkan sepihak oleh pemilik barang.",
            "Hak khusus mudah dicabut bila wilayah dan jangka waktunya tidak ditulis.",
        ),
        duration=("menengah", "panjang"),
        closeness=("sedang",),
        sharing=("imbalan", "jual-beli"),
        examples=(
            "Kelompok wanita tani menjadi agen pupuk organik sebuah pabrik di kecamatan.",
            "Koperasi menjadi penyalur resmi benih sayur di beberapa desa.",
        ),
        aliases=("distribusi-keagenan",),
    ),
    Pattern(
        # Source pattern 2: the source's farm KSO = "kerjasama operasional agribisnis (KOA)"
        # of [KOA]. The law's "kerja sama operasional" (UU 20/2008 Pasal 26 "bentuk kemitraan
        # lain" [UU20]; PP 7/2021 Pasal 106 [PP7]) is a broader label: see LEGAL_FORMS.
        key="kerjasama-operasional",
        label="Kerja Sama Operasional (pola materi)",
        description=(
            "Kelompok menyumbang lahan beserta sarananya dan tenaga kerjanya. Perusahaan "
            "menanggung biaya dan modal, mengatur usaha, mengadakan sarana produksi, serta "
            "menambah nilai hasil lewat pengolahan dan pengemasan sehingga pasarnya terjamin; "
            "bagian hasil dan risiko masing-masing disepakati sejak awal."
        ),
        source="materi",
        legal_basis="Pola materi (kerja sama operasional agribisnis dari pedoman kemitraan "
        "usaha pertanian, Kepmentan 940/Kpts/OT.210/10/1997); dalam peraturan UMKM, kerja sama "
        "operasional hanya disebut sebagai salah satu bentuk kemitraan lain: UU 20/2008 "
        "Pasal 26; PP 7/2021 Pasal 106",
        small_gives=frozenset({"lahan", "tenaga"}),
        small_may=frozenset({"sarana", "badan-hukum", "produk"}),
        large_gives=frozenset({"modal", "manajemen", "pasar"}),
        large_may=frozenset({"sarana", "teknologi", "pembayaran"}),
        serves_needs=frozenset({"modal", "manajemen", "pasar", "sarana", "teknologi"}),
        profit_sharing="Hasil dibagi menurut persentase atau harga yang disepakati sebelum "
        "mulai, setelah biaya perusahaan diperhitungkan.",
        risk_sharing="Risiko gagal panen dan turunnya harga dibagi menurut kesepakatan tertulis; "
        "perusahaan menanggung risiko pemasaran.",
        fits_when="Kelompok punya lahan dan tenaga tetapi tidak punya modal dan kemampuan "
        "mengelola, sedangkan perusahaan punya keduanya dan pasar, untuk beberapa musim.",
        risks=(
            "Kelompok hanya menjadi buruh di lahannya sendiri bila manajemen sepenuhnya di "
            "tangan perusahaan.",
            "Utang sarana produksi dipotong dari hasil sehingga kelompok bisa merugi saat "
            "gagal panen.",
        ),
        control_warning=_warn(
            "Dalam pola ini perusahaan memegang modal dan manajemen: pastikan lahan dan "
            "keputusan kelompok tetap milik kelompok."
        ),
        duration=("menengah", "panjang"),
        closeness=("erat",),
        sharing=("bagi-hasil", "bagi-risiko"),
        examples=("Kebun tebu, tembakau, sayuran atau tambak yang dikelola bersama perusahaan.",),
    ),
    Pattern(
        # Source pattern 3. Not a pattern named in UU 20/2008 Pasal 26 [UU20] or PP 7/2021
        # Pasal 106 [PP7]; closest is the guidance an inti gives its plasma (Pasal 27).
        key="bapak-angkat",
        label="Bapak Angkat–Anak Angkat",
        description=(
            "Pengusaha besar dengan sukarela membina dan membesarkan pengusaha kecil. Pola ini "
            "bergantung pada kesadaran tinggi si bapak angkat; misalnya BUMN yang labanya besar "
            "meminjamkan modal tanpa bunga bagi para peternak di desa miskin."
        ),
        source="materi",
        legal_basis="Pola materi; tidak disebut sebagai pola dalam UU 20/2008 Pasal 26 maupun "
        "PP 7/2021 Pasal 106; perjanjiannya tetap tunduk pada UU 20/2008 Pasal 34 dan 35",
        small_gives=frozenset({"tenaga"}),
        small_may=frozenset({"lahan", "produk", "sarana", "badan-hukum"}),
        large_gives=frozenset({"modal", "manajemen"}),
        large_may=frozenset({"teknologi", "pasar", "sarana"}),
        serves_needs=frozenset({"modal", "manajemen", "teknologi"}),
        profit_sharing="Seluruh hasil usaha milik anak angkat; bapak angkat mendapat manfaat "
        "nama baik atau menjalankan tanggung jawab sosialnya.",
        risk_sharing="Bapak angkat menanggung risiko modal yang dipinjamkan (misalnya tanpa "
        "bunga); anak angkat menanggung risiko usahanya sendiri.",
        fits_when="Usaha kelompok masih kecil dan butuh modal lunak serta bimbingan, dan ada "
        "usaha besar yang mau membantu tanpa mengejar untung dari kelompok.",
        risks=(
            "Bantuan bisa berhenti bila pimpinan atau program perusahaan berganti.",
            "Kelompok menjadi bergantung dan tidak berani mandiri.",
        ),
        control_warning=_warn(
            "Bantuan modal dan pembinaan tidak boleh ditukar dengan kepemilikan atau kendali "
            "atas usaha anak angkat."
        ),
        duration=("menengah", "panjang"),
        closeness=("sedang", "erat"),
        sharing=("tanpa-imbalan",),
        examples=("Perusahaan negara memberi pinjaman lunak dan bimbingan kepada peternak.",),
    ),
    Pattern(
        # Source pattern 4. Law: UU 20/2008 Pasal 26 huruf d and Pasal 30 [UU20]; PP 7/2021
        # Pasal 106 ayat (1) [PP7]. Merged with the former twin "perdagangan-umum".
        key="dagang-umum",
        label="Dagang umum / perdagangan umum",
        description=(
            "Usaha menengah atau besar membantu menjual barang buatan usaha kecil, atau menjadi "
            "pembeli tetap pasokan usaha kecil, misalnya lewat kerja sama pemasaran, tempat "
            "jualan, atau penerimaan pasokan secara terbuka. Contohnya kelompok tani sayur yang "
            "lewat koperasi memasok swalayan dengan mutu yang disepakati."
        ),
        source="materi",
        legal_basis="Pola materi; dalam peraturan disebut perdagangan umum: UU 20/2008 "
        "Pasal 26 huruf d dan Pasal 30; PP 7/2021 Pasal 106 ayat (1)",
        small_gives=frozenset({"produk"}),
        small_may=frozenset({"tenaga", "lahan", "merek", "sarana", "badan-hukum"}),
        large_gives=frozenset({"pasar"}),
        large_may=frozenset({"pembayaran", "lahan", "teknologi"}),
        serves_needs=frozenset({"pasar"}),
        profit_sharing="Jual beli: usaha kecil menerima harga yang disepakati untuk setiap "
        "barang yang diterima pembeli.",
        risk_sharing="Usaha kecil menanggung risiko produksi dan mutu; pembeli menanggung risiko "
        "menjual kembali. Cara dan waktu pembayaran harus adil bagi kedua pihak.",
        fits_when="Kelompok sudah bisa menghasilkan barang dan terutama butuh pembeli atau "
        "tempat jualan yang tetap.",
        risks=(
            "Pembayaran mundur (titip jual) membuat kelompok kekurangan uang tunai.",
            "Barang bisa ditolak bila syarat mutu tidak ditulis jelas.",
        ),
        duration=("pendek", "menengah", "panjang"),
        closeness=("longgar", "sedang"),
        sharing=("jual-beli",),
        examples=(
            "Petani sayur dan buah yang tergabung dalam koperasi memasok swalayan.",
            "Tas rajut buatan lulusan kursus dijual di swalayan.",
        ),
        aliases=("perdagangan-umum",),
    ),
    Pattern(
        # UU 20/2008 Pasal 26 huruf a and Pasal 27 [UU20]; PP 7/2021 Pasal 106 ayat (1) and
        # Pasal 107 [PP7].
        key="inti-plasma",
        label="Inti-Plasma",
        description=(
            "Usaha besar sebagai inti membina usaha kecil sebagai plasma: menyiapkan lahan, sarana "
            "produksi, bimbingan teknis dan manajemen, teknologi, pembiayaan dan pemasaran. "
            "Plasma menjual hasilnya kepada inti."
        ),
        source="uu",
        legal_basis="UU 20/2008 Pasal 26 huruf a dan Pasal 27; PP 7/2021 Pasal 106 ayat (1) "
        "dan Pasal 107",
        small_gives=frozenset({"lahan", "tenaga"}),
        small_may=frozenset({"badan-hukum", "produk", "sarana"}),
        large_gives=frozenset({"sarana", "teknologi", "manajemen", "pasar"}),
        large_may=frozenset({"modal", "lahan", "pembayaran"}),
        serves_needs=frozenset({"sarana", "teknologi", "manajemen", "pasar", "modal"}),
        profit_sharing="Plasma menjual panen kepada inti dengan harga atau rumus harga yang "
        "disepakati; biaya sarana produksi dan kredit dipotong dari hasil penjualan.",
        risk_sharing="Plasma menanggung risiko budidaya; inti menanggung risiko pengolahan dan "
        "pemasaran. Penjaminan kredit dan asuransi panen sebaiknya ditulis.",
        fits_when="Ada perusahaan dengan pabrik atau pengolahan yang butuh pasokan tetap dari "
        "banyak petani untuk bertahun-tahun.",
        risks=(
            "Harga beli ditentukan sepihak oleh inti.",
            "Utang kredit plasma menumpuk dan lahan dijadikan jaminan.",
        ),
        control_warning=_warn(
            "Inti memegang kredit, sarana, dan pembelian hasil sehingga mudah mengendalikan "
            "plasma; lahan dan kelembagaan plasma harus tetap milik petani."
        ),
        duration=("panjang",),
        closeness=("erat",),
        sharing=("jual-beli",),
        examples=("Perkebunan sawit atau karet dengan kebun plasma milik petani.",),
    ),
    Pattern(
        # UU 20/2008 Pasal 26 huruf b and Pasal 28 [UU20] (huruf f: only an "upaya" not to end
        # the relation unilaterally, not a ban); PP 7/2021 Pasal 106 ayat (1), Pasal 108 [PP7].
        key="subkontrak",
        label="Subkontrak",
        description=(
            "Usaha kecil mengerjakan sebagian produksi atau komponen untuk usaha besar. Usaha "
            "besar memberi pesanan, bahan baku dengan harga wajar, bimbingan teknis dan "
            "manajemen, teknologi, serta pembiayaan dan cara bayar yang tidak merugikan."
        ),
        source="uu",
        legal_basis="UU 20/2008 Pasal 26 huruf b dan Pasal 28; PP 7/2021 Pasal 106 ayat (1) "
        "dan Pasal 108",
        small_gives=frozenset({"tenaga"}),
        small_may=frozenset({"sarana", "lahan", "teknologi", "badan-hukum", "manajemen"}),
        large_gives=frozenset({"pasar", "sarana"}),
        large_may=frozenset({"teknologi", "manajemen", "pembayaran", "modal"}),
        serves_needs=frozenset({"pasar", "sarana", "teknologi", "manajemen"}),
        profit_sharing="Usaha kecil dibayar per pesanan atau per unit dengan harga yang "
        "disepakati.",
        risk_sharing="Usaha kecil menanggung risiko mutu pekerjaannya; usaha besar menanggung "
        "risiko pasar produk akhir dan berupaya tidak memutus hubungan secara sepihak.",
        fits_when="Kelompok punya keterampilan dan tenaga, dan ada usaha besar yang mau "
        "menyerahkan sebagian pekerjaan produksinya beserta bahannya.",
        risks=(
            "Pesanan bisa berhenti mendadak bila tidak ada jangka waktu tertulis.",
            "Harga per unit ditekan terus oleh pemberi pesanan.",
        ),
        control_warning=_warn(
            "Bila seluruh produksi hanya untuk satu pemberi pesanan, kelompok mudah dikuasai; "
            "jaga kebebasan kelompok menerima pesanan lain."
        ),
        duration=("pendek", "menengah"),
        closeness=("sedang",),
        sharing=("jual-beli", "imbalan"),
        examples=("Kelompok penjahit mengerjakan jahitan tas untuk pabrik konveksi.",),
    ),
    Pattern(
        # UU 20/2008 Pasal 26 huruf c and Pasal 29 (ayat 3: continuous guidance) [UU20];
        # PP 7/2021 Pasal 106 ayat (1) [PP7]; terms "pemberi/penerima waralaba" [PP42].
        key="waralaba",
        label="Waralaba",
        description=(
            "Pemberi waralaba mengizinkan penerima waralaba memakai merek dan cara usahanya "
            "yang sudah terbukti menguntungkan. Pemberi waralaba wajib terus membina lewat "
            "pelatihan, bimbingan manajemen, pemasaran, serta penelitian dan pengembangan."
        ),
        source="uu",
        legal_basis="UU 20/2008 Pasal 26 huruf c dan Pasal 29; PP 7/2021 Pasal 106 ayat (1); "
        "istilah dan kriteria: PP 42/2007 tentang Waralaba Pasal 1 dan Pasal 3",
        small_gives=frozenset({"modal", "tenaga"}),
        small_may=frozenset({"lahan", "badan-hukum"}),
        large_gives=frozenset({"merek", "teknologi", "manajemen"}),
        large_may=frozenset({"sarana", "pasar"}),
        serves_needs=frozenset({"merek", "teknologi", "manajemen"}),
        profit_sharing="Penerima waralaba memiliki keuntungan gerainya dan membayar biaya awal "
        "serta royalti kepada pemberi waralaba.",
        risk_sharing="Penerima waralaba menanggung risiko modal gerainya; pemberi waralaba "
        "menanggung nama baik merek.",
        fits_when="Kelompok punya modal dan tenaga tetapi butuh merek, resep atau cara kerja "
        "yang sudah laku.",
        risks=(
            "Royalti dan kewajiban membeli bahan dari pemberi waralaba menggerus keuntungan.",
            "Tawaran 'paket kemitraan' belum tentu waralaba yang memenuhi kriteria PP 42/2007.",
        ),
        control_warning=_warn(
            "Perjanjian waralaba bisa membuat pemberi waralaba mengendalikan hampir semua "
            "keputusan gerai; baca dan batasi hak kendali itu."
        ),
        duration=("menengah", "panjang"),
        closeness=("sedang", "erat"),
        sharing=("imbalan",),
        examples=("Kelompok membuka gerai minuman dengan merek waralaba lokal.",),
    ),
    Pattern(
        # Added to the list in UU 20/2008 Pasal 26 by UU 11/2020 (now UU 6/2023), per the
        # brief; listed in PP 7/2021 Pasal 106 ayat (1) [PP7] and Permen KP 31/2023 [KKP].
        key="rantai-pasok",
        label="Rantai Pasok",
        description=(
            "Usaha kecil menjadi bagian tetap dari alur barang usaha besar: memasok bahan baku, "
            "ikut mengolah, atau menyalurkan produk ke konsumen. Usaha besar menetapkan standar "
            "dan membantu agar pasokan tetap lancar."
        ),
        source="uu",
        legal_basis="UU 20/2008 Pasal 26 sebagaimana diubah UU 11/2020 (kini UU 6/2023); "
        "PP 7/2021 Pasal 106 ayat (1)",
        small_gives=frozenset({"produk"}),
        small_may=frozenset({"lahan", "tenaga", "sarana", "badan-hukum"}),
        large_gives=frozenset({"pasar", "teknologi"}),
        large_may=frozenset({"manajemen", "pembayaran", "sarana", "modal"}),
        serves_needs=frozenset({"pasar", "teknologi", "manajemen"}),
        profit_sharing="Jual beli dengan harga dan jadwal pasokan yang disepakati, kadang dengan "
        "premi untuk mutu yang lebih baik.",
        risk_sharing="Pemasok menanggung risiko produksi; usaha besar menanggung risiko "
        "pengolahan dan penjualan akhir.",
        fits_when="Kelompok bisa memasok hasil secara rutin dan butuh pembeli tetap serta "
        "bimbingan agar mutunya memenuhi standar pembeli.",
        risks=(
            "Kelompok bergantung pada satu pembeli.",
            "Standar mutu naik tanpa bantuan teknis yang cukup.",
        ),
        duration=("menengah", "panjang"),
        closeness=("sedang", "erat"),
        sharing=("jual-beli",),
        examples=("Kelompok tani hutan memasok kayu bersertifikat ke pabrik mebel.",),
    ),
    Pattern(
        # One of the "bentuk kemitraan lain" in UU 20/2008 Pasal 26 itself (not its
        # elucidation) [UU20]; PP 7/2021 Pasal 106 [PP7]; [KKP].
        key="bagi-hasil",
        label="Bagi Hasil",
        description=(
            "Satu pihak menyediakan modal atau barang modal, pihak lain menjalankan usahanya. "
            "Keuntungan, dan bila disepakati juga kerugian, dibagi menurut perbandingan yang "
            "ditulis sejak awal."
        ),
        source="uu",
        legal_basis="UU 20/2008 Pasal 26 (bentuk kemitraan lain); PP 7/2021 Pasal 106",
        small_gives=frozenset({"tenaga"}),
        small_may=frozenset({"lahan", "sarana", "manajemen", "badan-hukum"}),
        large_gives=frozenset({"modal"}),
        large_may=frozenset({"sarana", "lahan"}),
        serves_needs=frozenset({"modal", "sarana"}),
        profit_sharing="Keuntungan dibagi dengan persentase tertulis, misalnya 60:40.",
        risk_sharing="Kerugian ditanggung bersama menurut perjanjian; pemodal menanggung "
        "modalnya, pelaksana menanggung tenaga dan waktunya.",
        fits_when="Kelompok punya tenaga dan tempat, dan hanya kekurangan modal.",
        risks=("Cara menghitung keuntungan tidak jelas sehingga bagian kelompok mengecil.",),
        control_warning=_warn(
            "Bila usaha yang dijalankan kelompok dimiliki pemodal, kelompok mudah menjadi "
            "sekadar pekerja; tulis batas hak pemodal."
        ),
        duration=("pendek", "menengah", "panjang"),
        closeness=("sedang", "erat"),
        sharing=("bagi-hasil", "bagi-risiko"),
        examples=("Gaduhan: pemodal menitipkan sapi, peternak merawat, anak sapi dibagi.",),
    ),
    Pattern(
        # One of the "bentuk kemitraan lain" in UU 20/2008 Pasal 26 [UU20]; PP 7/2021 Pasal
        # 106 [PP7]. No statutory definition was retrievable here, so the description stays
        # general: pooling capital into a jointly owned business. Pasal 35 [see _PASAL_35].
        key="usaha-patungan",
        label="Usaha Patungan (joint venture)",
        description=(
            "Para pihak sama-sama menyetor modal ke satu usaha yang mereka miliki bersama, "
            "biasanya badan usaha baru. Kepemilikan, keuntungan dan kerugian mengikuti besar "
            "setoran dan perjanjian pendiriannya."
        ),
        source="uu",
        legal_basis="UU 20/2008 Pasal 26 (bentuk kemitraan lain); PP 7/2021 Pasal 106; batas "
        "kepemilikan: UU 20/2008 Pasal 35",
        small_gives=frozenset({"modal", "badan-hukum"}),
        small_may=frozenset({"lahan", "tenaga", "produk", "manajemen"}),
        large_gives=frozenset({"modal", "manajemen"}),
        large_may=frozenset({"teknologi", "pasar", "merek"}),
        serves_needs=frozenset({"modal", "manajemen", "teknologi", "pasar"}),
        profit_sharing="Keuntungan dibagi menurut besar kepemilikan masing-masing.",
        risk_sharing="Kerugian ditanggung sebesar setoran masing-masing; keputusan diambil "
        "menurut anggaran dasar usaha bersama.",
        fits_when="Kelompok sudah berbadan hukum, punya modal atau aset untuk disetor, dan ingin "
        "usaha jangka panjang bersama mitra besar.",
        risks=(
            "Setoran kelompok kecil sehingga suaranya kalah dalam setiap keputusan.",
            "Lahan yang disetor sebagai modal sulit kembali bila usaha bubar.",
        ),
        control_warning=_warn(
            "Mitra besar yang memegang mayoritas kepemilikan dapat menguasai usaha bersama "
            "dan aset kelompok."
        ),
        duration=("panjang",),
        closeness=("erat",),
        sharing=("bagi-hasil", "bagi-risiko"),
        examples=("Koperasi dan perusahaan mendirikan usaha pengolahan hasil hutan bukan kayu.",),
    ),
    Pattern(
        # One of the "bentuk kemitraan lain" in UU 20/2008 Pasal 26 [UU20]; PP 7/2021 Pasal
        # 106 [PP7]; [KKP].
        key="penyumberluaran",
        label="Penyumberluaran (outsourcing)",
        description=(
            "Usaha besar menyerahkan pekerjaan penunjang di luar pekerjaan pokoknya kepada usaha "
            "kecil, misalnya kebersihan, katering atau angkutan. Usaha kecil dibayar sebagai "
            "penyedia jasa."
        ),
        source="uu",
        legal_basis="UU 20/2008 Pasal 26 (bentuk kemitraan lain); PP 7/2021 Pasal 106",
        small_gives=frozenset({"tenaga", "manajemen"}),
        small_may=frozenset({"sarana", "lahan", "badan-hukum"}),
        large_gives=frozenset({"pasar", "pembayaran"}),
        large_may=frozenset({"lahan"}),
        serves_needs=frozenset({"pasar"}),
        profit_sharing="Usaha kecil menerima bayaran jasa menurut kontrak.",
        risk_sharing="Penyedia jasa menanggung risiko mutu layanannya; pengguna jasa menanggung "
        "kewajiban membayar tepat waktu.",
        fits_when="Kelompok punya tenaga dan bisa mengatur layanan, dan ada usaha besar yang "
        "butuh jasa penunjang.",
        risks=("Kontrak pendek dan mudah diputus.",),
        duration=("pendek", "menengah"),
        closeness=("longgar", "sedang"),
        sharing=("imbalan",),
        examples=("Kelompok ibu-ibu menyediakan katering harian untuk pekerja pabrik.",),
    ),
    Pattern(
        # The course's own outcome, not a legal pattern: grants, government programmes and
        # CSR are not "kemitraan" in the sense of UU 20/2008 Pasal 1 angka 13 as quoted by
        # kppu.go.id (a business link of mutual need, trust and benefit between UMKM and
        # large business); they follow the giver's own rules.
        key="bukan-kemitraan-usaha",
        label="Bukan kemitraan usaha (hibah, program, CSR)",
        description=(
            "Mitra memberi bantuan tanpa meminta harga, bagian hasil atau pengembalian, seperti "
            "bantuan bibit dari dinas, dana desa, atau program tanggung jawab sosial perusahaan. "
            "Ini kerja sama yang berharga, tetapi bukan pola kemitraan usaha."
        ),
        source="bukan-usaha",
        legal_basis="Di luar pola UU 20/2008 Pasal 26 dan PP 7/2021 Pasal 106; ikuti aturan "
        "program atau pemberi bantuan",
        small_gives=frozenset(),
        small_may=frozenset({"lahan", "tenaga", "produk", "manajemen", "badan-hukum"}),
        large_gives=frozenset({"bantuan"}),
        large_may=frozenset({"sarana", "modal", "teknologi", "manajemen", "lahan"}),
        serves_needs=frozenset({"sarana", "modal", "teknologi", "manajemen"}),
        profit_sharing="Tidak ada pembagian keuntungan; hasil usaha milik kelompok.",
        risk_sharing="Kelompok menanggung kewajiban memakai dan melaporkan bantuan sesuai "
        "syarat pemberi.",
        fits_when="Pemberi tidak meminta imbalan usaha apa pun; yang diminta hanya laporan "
        "dan pemakaian yang sesuai tujuan.",
        risks=(
            "Bantuan berhenti ketika program atau anggaran berakhir.",
            "Kelompok terbiasa menunggu bantuan dan tidak menyiapkan usaha yang mandiri.",
        ),
        duration=("pendek", "menengah"),
        closeness=("longgar", "sedang"),
        sharing=("tanpa-imbalan",),
        examples=(
            "Dinas membagikan bibit durian kepada kelompok tani hutan.",
            "Program CSR pabrik melatih kelompok perempuan dan memberi mesin jahit.",
        ),
        instead="Jangan dipaksakan ke pola usaha. Catat bantuan itu di peta mitra sebagai "
        "dukungan program, ikuti syarat dan laporan yang diminta pemberi, dan tuangkan "
        "kerja samanya dalam nota kesepahaman atau perjanjian kerja sama program. Bila kelak "
        "ada jual beli hasil atau bagi hasil, susun kemitraan usaha tersendiri dengan "
        "perjanjian tertulis.",
    ),
)

#: Keys that used to be separate patterns (the law's names for two source patterns).
#: ``by_key(PATTERNS, alias)`` returns the merged pattern, so saved choices and exported
#: plans that still hold the old keys keep working.
PATTERN_ALIASES: dict[str, str] = {
    alias: pattern.key for pattern in PATTERNS for alias in pattern.aliases
}

# --------------------------------------------------------------------------
# The law: forms named by the regulation, the written agreement (module 08)
# --------------------------------------------------------------------------

LEGAL_FORMS: tuple[LegalForm, ...] = (
    # Each entry: the name the regulation uses, where it stands, and the chooser pattern
    # that covers it. Sources as for PATTERNS above ([UU20], [PP7], [KKP], [PP42], [KOA]).
    LegalForm(
        "inti-plasma",
        "Inti-plasma",
        "Usaha besar atau menengah menjadi inti yang membina dan membeli hasil usaha kecil "
        "sebagai plasma.",
        citation="UU 20/2008 Pasal 26 huruf a dan Pasal 27; PP 7/2021 Pasal 106 ayat (1), "
        "Pasal 107",
        pattern="inti-plasma",
    ),
    LegalForm(
        "subkontrak",
        "Subkontrak",
        "Usaha kecil mengerjakan sebagian produksi atau komponen pesanan usaha besar.",
        citation="UU 20/2008 Pasal 26 huruf b dan Pasal 28; PP 7/2021 Pasal 106 ayat (1), "
        "Pasal 108",
        pattern="subkontrak",
    ),
    LegalForm(
        "waralaba",
        "Waralaba",
        "Pemberi waralaba mengizinkan penerima waralaba memakai merek dan sistem usahanya, "
        "dengan pembinaan yang berkesinambungan.",
        citation="UU 20/2008 Pasal 26 huruf c dan Pasal 29; PP 7/2021 Pasal 106 ayat (1); "
        "PP 42/2007 Pasal 1 dan Pasal 3",
        pattern="waralaba",
    ),
    LegalForm(
        "perdagangan-umum",
        "Perdagangan umum",
        "Kerja sama pemasaran, penyediaan tempat usaha, atau penerimaan pasokan dari usaha "
        "kecil secara terbuka.",
        citation="UU 20/2008 Pasal 26 huruf d dan Pasal 30; PP 7/2021 Pasal 106 ayat (1)",
        pattern="dagang-umum",
    ),
    LegalForm(
        "distribusi-keagenan",
        "Distribusi dan keagenan",
        "Usaha besar atau menengah memberi usaha kecil hak khusus memasarkan barang dan "
        "jasanya.",
        citation="UU 20/2008 Pasal 26 huruf e dan Pasal 31; PP 7/2021 Pasal 106 ayat (1)",
        pattern="keagenan",
    ),
    LegalForm(
        "rantai-pasok",
        "Rantai pasok",
        "Usaha kecil menjadi mata rantai tetap dalam alur bahan, produksi dan penyaluran "
        "barang usaha besar.",
        citation="UU 20/2008 Pasal 26 sebagaimana diubah UU 11/2020 (kini UU 6/2023); "
        "PP 7/2021 Pasal 106 ayat (1)",
        pattern="rantai-pasok",
    ),
    LegalForm(
        "bagi-hasil",
        "Bagi hasil",
        "Satu pihak menyediakan modal, pihak lain menjalankan usaha, dan hasilnya dibagi "
        "menurut perbandingan yang disepakati.",
        citation="UU 20/2008 Pasal 26 (bentuk kemitraan lain); PP 7/2021 Pasal 106",
        pattern="bagi-hasil",
    ),
    LegalForm(
        "kerja-sama-operasional",
        "Kerja sama operasional",
        "Nama umum dalam peraturan untuk para pihak yang menjalankan suatu kegiatan usaha "
        "bersama; pola kerja sama operasional di materi adalah salah satu bentuknya di "
        "pertanian.",
        citation="UU 20/2008 Pasal 26 (bentuk kemitraan lain); PP 7/2021 Pasal 106",
        pattern="kerjasama-operasional",
    ),
    LegalForm(
        "usaha-patungan",
        "Usaha patungan (joint venture)",
        "Para pihak menyetor modal ke usaha yang mereka miliki bersama.",
        citation="UU 20/2008 Pasal 26 (bentuk kemitraan lain); PP 7/2021 Pasal 106",
        pattern="usaha-patungan",
    ),
    LegalForm(
        "penyumberluaran",
        "Penyumberluaran (outsourcing)",
        "Usaha besar menyerahkan pekerjaan penunjang di luar pekerjaan pokoknya kepada usaha "
        "kecil.",
        citation="UU 20/2008 Pasal 26 (bentuk kemitraan lain); PP 7/2021 Pasal 106",
        pattern="penyumberluaran",
    ),
)

# UU 20/2008 Pasal 34 ayat (1): the least a written partnership agreement must settle, as
# listed by legalakses.com ("Bentuk Kontrak UMKM"): kegiatan usaha, hak dan kewajiban
# masing-masing pihak, bentuk pengembangan, jangka waktu, penyelesaian perselisihan.
# ``mou_part`` is the MOU_PARTS key where the course's MoU outline covers it.
AGREEMENT_PARTS: tuple[AgreementPart, ...] = (
    AgreementPart(
        "kegiatan-usaha",
        "Kegiatan usaha",
        "Usaha apa yang dijalankan bersama: barang atau jasanya, jumlahnya dan tempatnya.",
        mou_part="ruang-lingkup",
    ),
    AgreementPart(
        "hak-kewajiban",
        "Hak dan kewajiban masing-masing pihak",
        "Apa yang wajib diberikan dan berhak diterima setiap pihak, termasuk harga dan cara "
        "bayar.",
        mou_part="hak-kewajiban",
    ),
    AgreementPart(
        "bentuk-pengembangan",
        "Bentuk pengembangan",
        "Bagaimana usaha kecil dibantu tumbuh: pelatihan, bimbingan mutu, alat atau akses "
        "pasar yang dijanjikan.",
        mou_part="bentuk-pengembangan",
    ),
    AgreementPart(
        "jangka-waktu",
        "Jangka waktu",
        "Kapan kerja sama mulai dan berakhir, dan bagaimana memperpanjangnya.",
        mou_part="jangka-waktu",
    ),
    AgreementPart(
        "penyelesaian-perselisihan",
        "Penyelesaian perselisihan",
        "Langkah yang ditempuh bila para pihak berselisih, dari musyawarah sampai jalur hukum.",
        mou_part="penyelesaian-perselisihan",
    ),
)

# --------------------------------------------------------------------------
# Power-interest grid, links
# --------------------------------------------------------------------------

QUADRANTS: tuple[Quadrant, ...] = (
    Quadrant(
        "kelola-dekat",
        "Kelola dari dekat",
        "Pengaruh tinggi dan kepentingan tinggi: mitra kunci.",
        high_influence=True,
        high_interest=True,
        advice="Libatkan sejak awal, ajak merencanakan bersama dan temui secara rutin.",
    ),
    Quadrant(
        "jaga-kepuasan",
        "Jaga kepuasannya",
        "Pengaruh tinggi tetapi kepentingan rendah: bisa membantu atau menghambat.",
        high_influence=True,
        high_interest=False,
        advice="Beri kabar singkat yang penting baginya dan mintalah dukungan pada saat yang "
        "tepat, tanpa membebani.",
    ),
    Quadrant(
        "jaga-informasi",
        "Beri informasi",
        "Pengaruh rendah tetapi kepentingan tinggi: pendukung yang peduli.",
        high_influence=False,
        high_interest=True,
        advice="Bagikan perkembangan secara teratur dan beri peran kecil; mereka bisa menjadi "
        "penggerak warga.",
    ),
    Quadrant(
        "pantau",
        "Pantau",
        "Pengaruh rendah dan kepentingan rendah.",
        high_influence=False,
        high_interest=False,
        advice="Cukup dipantau sesekali; perhatikan bila pengaruh atau minatnya berubah.",
    ),
)

LINK_TYPES: tuple[Item, ...] = (
    Item("informasi", "Informasi", "Saling bertukar kabar, data atau pengetahuan."),
    Item("dana", "Dana", "Aliran uang: bantuan, pinjaman, pembayaran."),
    Item("barang", "Barang", "Aliran barang seperti bibit, bahan baku, hasil panen atau produk."),
    Item("pembinaan", "Pembinaan", "Pelatihan, penyuluhan atau pendampingan."),
    Item("kewenangan", "Kewenangan", "Izin, aturan atau perintah dari pihak yang berwenang."),
    Item("konflik", "Konflik", "Ketegangan atau perselisihan yang perlu diperhatikan."),
)

DIRECTIONS: tuple[Item, ...] = (
    Item("dua-arah", "Dua arah", "Kedua pihak saling memberi."),
    Item("satu-arah", "Satu arah", "Hanya mengalir dari pihak asal ke pihak tujuan."),
)

# --------------------------------------------------------------------------
# Module 08: MoU, partnering cycle, traffic light
# --------------------------------------------------------------------------

MOU_PARTS: tuple[Item, ...] = (
    Item(
        "para-pihak",
        "Para pihak",
        "Nama lembaga, alamat, serta nama dan jabatan orang yang menandatangani atas nama "
        "masing-masing pihak.",
    ),
    Item(
        "latar-belakang",
        "Latar belakang",
        "Mengapa kerja sama ini dibuat: masalah atau peluang yang ingin dijawab bersama.",
    ),
    Item(
        "maksud-tujuan",
        "Maksud dan tujuan",
        "Hasil yang ingin dicapai, sebaiknya terukur, misalnya jumlah pohon atau produk.",
    ),
    Item(
        "ruang-lingkup",
        "Ruang lingkup",
        "Kegiatan apa saja yang termasuk dalam kerja sama, di mana, dan untuk siapa.",
    ),
    Item(
        "hak-kewajiban",
        "Hak dan kewajiban (peran dan tanggung jawab)",
        "Apa yang diberikan dan diterima setiap pihak, ditulis terpisah untuk tiap pihak.",
    ),
    Item(
        "bentuk-pengembangan",
        "Bentuk pengembangan",
        "Bantuan apa yang diberikan pihak yang lebih besar agar usaha kelompok tumbuh, "
        "misalnya pelatihan, bimbingan mutu atau alat (wajib ada dalam perjanjian kemitraan "
        "usaha).",
    ),
    Item(
        "jangka-waktu",
        "Jangka waktu",
        "Kapan kerja sama mulai dan berakhir, serta cara memperpanjangnya.",
    ),
    Item(
        "pembiayaan",
        "Pembiayaan",
        "Siapa menanggung biaya apa, cara pembayaran, dan pembagian hasil bila ada.",
    ),
    Item(
        "monev",
        "Monitoring dan evaluasi",
        "Kapan dan bagaimana kemajuan dipantau dan dinilai bersama, serta siapa yang melapor.",
    ),
    Item(
        "penyelesaian-perselisihan",
        "Penyelesaian perselisihan",
        "Langkah bila terjadi beda pendapat: musyawarah dulu, lalu mediasi, baru jalur hukum.",
    ),
    Item(
        "perubahan-pengakhiran",
        "Perubahan dan pengakhiran",
        "Cara mengubah isi kesepakatan (adendum) dan syarat bila salah satu pihak ingin berhenti.",
    ),
    Item(
        "penutup",
        "Penutup dan tanda tangan",
        "Tempat dan tanggal, jumlah rangkap, meterai bila perlu, dan tanda tangan para pihak.",
    ),
)

PARTNERING_STAGES: tuple[Item, ...] = (
    Item(
        "menjajaki-membangun",
        "Menjajaki dan membangun",
        "Memahami masalah, menemukan calon mitra dan menyepakati tujuan serta rencana.",
    ),
    Item(
        "mengelola-memelihara",
        "Mengelola dan memelihara",
        "Mengatur cara kerja, mengumpulkan sumber daya dan menjalankan kegiatan.",
    ),
    Item(
        "meninjau-memperbaiki",
        "Meninjau dan memperbaiki",
        "Mengukur hasil, menilai kemitraan dan mengubah yang perlu diubah.",
    ),
    Item(
        "melestarikan-hasil",
        "Melestarikan hasil",
        "Menjadikan kemitraan bagian tetap kerja lembaga, atau mengakhirinya dengan baik.",
    ),
)

PARTNERING_CYCLE: tuple[Phase, ...] = (
    Phase(
        "pelingkupan",
        "Pelingkupan (scoping)",
        "Memahami tantangan, mengumpulkan informasi dan mulai membayangkan kemitraan.",
        number=1,
        stage="menjajaki-membangun",
        step_keys=("identifikasi",),
    ),
    Phase(
        "mengenali-mitra",
        "Mengenali mitra (identifying)",
        "Memilih calon mitra yang cocok dan meyakinkan mereka untuk ikut.",
        number=2,
        stage="menjajaki-membangun",
        step_keys=("menggali-informasi", "analisis-informasi"),
    ),
    Phase(
        "membangun-hubungan",
        "Membangun hubungan (building)",
        "Saling mengenal lebih dalam dan menyepakati tujuan serta prinsip kerja bersama.",
        number=3,
        stage="menjajaki-membangun",
        step_keys=("penjajakan",),
    ),
    Phase(
        "merencanakan",
        "Merencanakan (planning)",
        "Menyusun rencana kegiatan dan menuangkannya dalam kesepakatan tertulis.",
        number=4,
        stage="menjajaki-membangun",
        step_keys=("rencana-kerja", "kesepakatan", "penandatanganan"),
    ),
    Phase(
        "mengelola",
        "Mengelola (managing)",
        "Menetapkan siapa memutuskan apa, cara rapat, dan cara berkomunikasi selama bermitra.",
        number=5,
        stage="mengelola-memelihara",
        step_keys=("pelaksanaan",),
    ),
    Phase(
        "menghimpun-sumber-daya",
        "Menghimpun sumber daya (resourcing)",
        "Mengumpulkan dana dan sumbangan bukan uang dari para mitra dan pihak luar.",
        number=6,
        stage="mengelola-memelihara",
        step_keys=(),
    ),
    Phase(
        "melaksanakan",
        "Melaksanakan (implementing)",
        "Menjalankan kegiatan sesuai rencana dan jadwal.",
        number=7,
        stage="mengelola-memelihara",
        step_keys=("pelaksanaan",),
    ),
    Phase(
        "mengukur",
        "Mengukur (measuring)",
        "Mengukur hasil dan dampak kegiatan dibandingkan dengan tujuan.",
        number=8,
        stage="meninjau-memperbaiki",
        step_keys=("monev",),
    ),
    Phase(
        "meninjau",
        "Meninjau (reviewing)",
        "Menilai kesehatan kemitraan itu sendiri: apakah setiap mitra masih merasa untung.",
        number=9,
        stage="meninjau-memperbaiki",
        step_keys=("monev",),
    ),
    Phase(
        "merevisi",
        "Merevisi (revising)",
        "Mengubah rencana, peran atau kesepakatan berdasarkan hasil tinjauan.",
        number=10,
        stage="meninjau-memperbaiki",
        step_keys=("perbaikan",),
    ),
    Phase(
        "melembagakan",
        "Melembagakan (institutionalising)",
        "Menjadikan kerja sama bagian tetap dari aturan dan kebiasaan lembaga para mitra.",
        number=11,
        stage="melestarikan-hasil",
        step_keys=("tindak-lanjut",),
    ),
    Phase(
        "melangkah-lanjut",
        "Melangkah lanjut atau mengakhiri (moving on)",
        "Memutuskan apakah kemitraan diteruskan dalam bentuk lain atau diakhiri dengan baik, "
        "dan merayakan hasilnya.",
        number=12,
        stage="melestarikan-hasil",
        step_keys=(),
    ),
)

TRAFFIC_LIGHT: tuple[Signal, ...] = (
    Signal(
        "hijau",
        "Hijau",
        "Kegiatan berjalan sesuai rencana dan jadwal; para pihak menjalankan perannya.",
        action="Lanjutkan dan catat apa yang membuatnya berhasil.",
    ),
    Signal(
        "kuning",
        "Kuning",
        "Ada keterlambatan atau hambatan, tetapi masih bisa dikejar.",
        action="Bahas di pertemuan berikutnya dan sepakati perbaikan beserta penanggung jawabnya.",
    ),
    Signal(
        "merah",
        "Merah",
        "Kegiatan macet, tujuan jauh dari tercapai, atau ada kesepakatan yang dilanggar.",
        action="Segera adakan pertemuan para pihak; ubah rencana atau kesepakatan, atau "
        "putuskan bersama untuk berhenti.",
    ),
)

# --------------------------------------------------------------------------
# Lookup helpers
# --------------------------------------------------------------------------

#: Public name -> collection, for tools and tests that walk all content.
COLLECTIONS: dict[str, tuple[Item, ...]] = {
    "COMPETENCIES": COMPETENCIES,
    "CONDITIONS": CONDITIONS,
    "FOUNDATIONS": FOUNDATIONS,
    "GENERAL_PRINCIPLES": GENERAL_PRINCIPLES,
    "PRINCIPLES": PRINCIPLES,
    "ACCESS": ACCESS,
    "OBJECTIVES": OBJECTIVES,
    "STRATEGIES": STRATEGIES,
    "PARTNER_KINDS": PARTNER_KINDS,
    "CATEGORIES": CATEGORIES,
    "APPROACHES": APPROACHES,
    "STEPS": STEPS,
    "TECHNIQUES": TECHNIQUES,
    "RESOURCES": RESOURCES,
    "PATTERNS": PATTERNS,
    "PATTERN_SOURCES": PATTERN_SOURCES,
    "LEGAL_FORMS": LEGAL_FORMS,
    "AGREEMENT_PARTS": AGREEMENT_PARTS,
    "DURATIONS": DURATIONS,
    "CLOSENESS": CLOSENESS,
    "SHARING": SHARING,
    "QUADRANTS": QUADRANTS,
    "LINK_TYPES": LINK_TYPES,
    "DIRECTIONS": DIRECTIONS,
    "MOU_PARTS": MOU_PARTS,
    "PARTNERING_STAGES": PARTNERING_STAGES,
    "PARTNERING_CYCLE": PARTNERING_CYCLE,
    "TRAFFIC_LIGHT": TRAFFIC_LIGHT,
}

# Indonesian noun used in error messages, by collection name.
_NOUNS: dict[str, str] = {
    "COMPETENCIES": "Kompetensi",
    "CONDITIONS": "Syarat bermitra",
    "FOUNDATIONS": "Landasan kemitraan",
    "GENERAL_PRINCIPLES": "Prinsip umum",
    "PRINCIPLES": "Prinsip",
    "ACCESS": "Akses",
    "OBJECTIVES": "Tujuan",
    "STRATEGIES": "Strategi",
    "PARTNER_KINDS": "Jenis mitra",
    "CATEGORIES": "Jenis mitra",
    "APPROACHES": "Pendekatan",
    "STEPS": "Langkah",
    "TECHNIQUES": "Teknik",
    "RESOURCES": "Sumber daya",
    "PATTERNS": "Pola kemitraan",
    "PATTERN_SOURCES": "Sumber pola",
    "LEGAL_FORMS": "Bentuk kemitraan dalam peraturan",
    "AGREEMENT_PARTS": "Isi perjanjian kemitraan",
    "DURATIONS": "Jangka waktu",
    "CLOSENESS": "Keeratan",
    "SHARING": "Cara berbagi",
    "QUADRANTS": "Kuadran",
    "LINK_TYPES": "Jenis hubungan",
    "DIRECTIONS": "Arah hubungan",
    "MOU_PARTS": "Bagian MoU",
    "PARTNERING_STAGES": "Tahap siklus kemitraan",
    "PARTNERING_CYCLE": "Fase siklus kemitraan",
    "TRAFFIC_LIGHT": "Warna lampu",
}

_INDEX: dict[int, dict[str, Item]] = {
    id(coll): {item.key: item for item in coll} for coll in COLLECTIONS.values()
}
_NOUN_BY_ID: dict[int, str] = {id(coll): _NOUNS[name] for name, coll in COLLECTIONS.items()}
# Former keys that still resolve, by collection (saved choices and exported plans hold them).
_ALIASES: dict[int, dict[str, str]] = {id(PATTERNS): PATTERN_ALIASES}


def _items(collection) -> tuple[Item, ...]:
    """``collection`` when it is a collection of Items, else InvalidValueError."""
    if not isinstance(collection, tuple) or not all(isinstance(i, Item) for i in collection):
        raise InvalidValueError(
            f"Yang diberikan harus koleksi isi kursus, misalnya content.PATTERNS; nilai "
            f"{show(collection)} tidak diterima.", field="koleksi", value=collection,
            allowed=("content.PATTERNS", "content.RESOURCES", "..."))
    return collection


def keys(collection) -> tuple[str, ...]:
    """Keys of a collection, in teaching order.

    >>> keys(DIRECTIONS)
    ('dua-arah', 'satu-arah')
    """
    return tuple(item.key for item in _items(collection))


def labels(collection) -> dict[str, str]:
    """Mapping key -> Indonesian label, in teaching order.

    >>> labels(RESOURCES)["pasar"]
    'Pasar: pembeli atau pemberi pesanan'
    """
    return {item.key: item.label for item in _items(collection)}


def by_key(collection, key):
    """Return the item of ``collection`` whose key is ``key``.

    The key is matched ignoring surrounding spaces and letter case. An unknown
    key raises :class:`InvalidValueError` listing the valid keys.

    >>> by_key(PATTERNS, " Dagang-Umum ").label
    'Dagang umum / perdagangan umum'
    >>> by_key(PATTERNS, "monopoli")
    Traceback (most recent call last):
    ...
    kemitraan_lib.errors.InvalidValueError: Pola kemitraan 'monopoli' tidak dikenal. Pilihan: \
keagenan, kerjasama-operasional, bapak-angkat, dagang-umum, inti-plasma, subkontrak, waralaba, \
rantai-pasok, bagi-hasil, usaha-patungan, penyumberluaran, bukan-kemitraan-usaha.
    """
    index = _INDEX.get(id(collection))
    if index is None:
        index = {item.key: item for item in _items(collection)}
    normalized = key.strip().casefold() if isinstance(key, str) else key
    item = index.get(normalized) if isinstance(normalized, str) else None
    if item is None and isinstance(normalized, str):
        target = _ALIASES.get(id(collection), {}).get(normalized)
        item = index.get(target) if target else None
    if item is not None:
        return item
    noun = _NOUN_BY_ID.get(id(collection), "Kunci")
    allowed = keys(collection)
    raise InvalidValueError(
        f"{noun} {quote(key)} tidak dikenal. Pilihan: "
        f"{format_choices(allowed)}.",
        field=noun.lower(),
        value=key,
        allowed=allowed,
    )


def _check() -> None:
    """Internal consistency of the data (run at import; cheap)."""
    resource_keys = set(keys(RESOURCES))
    by_side = {side: {r.key for r in RESOURCES if side in r.sides} for side in SIDES}
    options = {
        "duration": set(keys(DURATIONS)),
        "closeness": set(keys(CLOSENESS)),
        "sharing": set(keys(SHARING)),
    }
    pattern_keys = set(keys(PATTERNS))
    sources = set(keys(PATTERN_SOURCES))
    sides = {
        "small_gives": "kelompok",
        "small_may": "kelompok",
        "large_gives": "mitra",
        "large_may": "mitra",
        "serves_needs": "kebutuhan",
    }
    for p in PATTERNS:
        if p.source not in sources:  # pragma: no cover - guards against editing mistakes
            raise AssertionError(f"{p.key}.source: {p.source!r}")
        for name, side in sides.items():
            extra = set(getattr(p, name)) - by_side[side]
            if extra:  # pragma: no cover
                raise AssertionError(f"{p.key}.{name}: not offered to {side}: {sorted(extra)}")
        for a, b in (("small_gives", "small_may"), ("large_gives", "large_may")):
            if getattr(p, a) & getattr(p, b):  # pragma: no cover
                raise AssertionError(f"{p.key}: {a} and {b} overlap")
        for name, allowed in options.items():
            extra = set(getattr(p, name)) - allowed
            if extra:  # pragma: no cover
                raise AssertionError(f"{p.key}.{name}: unknown options {sorted(extra)}")
    if set(PATTERN_ALIASES) & pattern_keys:  # pragma: no cover
        raise AssertionError(f"aliases shadow keys: {set(PATTERN_ALIASES) & pattern_keys}")
    for form in LEGAL_FORMS:
        if form.pattern not in pattern_keys:  # pragma: no cover
            raise AssertionError(f"LEGAL_FORMS {form.key}.pattern: {form.pattern!r}")
    mou_keys = set(keys(MOU_PARTS))
    for part in AGREEMENT_PARTS:
        if part.mou_part not in mou_keys:  # pragma: no cover
            raise AssertionError(f"AGREEMENT_PARTS {part.key}.mou_part: {part.mou_part!r}")
    if not resource_keys >= set().union(*by_side.values()):  # pragma: no cover
        raise AssertionError("sides")
    step_keys = set(keys(STEPS))
    for ph in PARTNERING_CYCLE:
        if not set(ph.step_keys) <= step_keys:  # pragma: no cover
            raise AssertionError(f"{ph.key}.step_keys: {ph.step_keys}")


_check()
