//! Article-level tests: the seed article, an English wire fixture, hostile
//! input. Inputs are read at run time; a missing file fails the test.

use super::*;
use crate::model::{ClaimKind, Source};

/// Reads a file relative to the crate root; fails the test when missing.
fn read(rel: &str) -> String {
    let path = format!("{}/{}", env!("CARGO_MANIFEST_DIR"), rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("missing test input {path}: {e}"))
}

/// The seed article: the bundled case's copy, byte for byte as received.
fn seed() -> String {
    read("cases/2023-11-05-kyiv-moscow-talks/article.txt")
}

/// Every proposal's offsets are char boundaries and its text is the slice.
fn assert_spans(article: &str, an: &Analysis) {
    for p in &an.proposals {
        assert!(article.is_char_boundary(p.start), "start {}", p.start);
        assert!(article.is_char_boundary(p.end), "end {}", p.end);
        assert!(p.start <= p.end);
        assert_eq!(article.get(p.start..p.end), Some(p.text.as_str()));
    }
}

/// The reason of a proposal after its score head ("check-worthy 0.83
/// (figure); …"), checking that the head names the proposal's score.
fn why(p: &Proposal) -> &str {
    let (head, rest) = p.reason.split_once("; ").unwrap_or(("", ""));
    let want = format!("check-worthy {}", p.score);
    assert!(
        head == want || head.starts_with(&format!("{want} (")),
        "reason head {head:?} does not show score {}",
        p.score
    );
    rest
}

/// The single proposal whose text starts with `prefix`.
fn find<'a>(an: &'a Analysis, prefix: &str) -> &'a Proposal {
    let hits: Vec<&Proposal> = an
        .proposals
        .iter()
        .filter(|p| p.text.starts_with(prefix))
        .collect();
    assert_eq!(
        hits.len(),
        1,
        "proposals starting with {prefix:?}: {hits:#?}"
    );
    hits[0]
}

const CAVEAT_ID: &str = "Reuters tidak dapat memverifikasi secara independen percakapan yang dilaporkan oleh jaringan televisi AS tersebut.";

#[test]
fn seed_metadata() {
    let a = seed();
    let m = analyze(&a).meta;
    assert_eq!(
        m.title.as_deref(),
        Some("Pejabat Negara Barat Bahas Kemungkinan Pembicaraan Damai Kyiv dan Moskow")
    );
    assert_eq!(m.author.as_deref(), Some("Yati Maulana"));
    assert_eq!(
        m.published,
        Some(chrono::DateTime::parse_from_rfc3339("2023-11-05T11:01:00+07:00").expect("ts"))
    );
    assert_eq!(m.dateline.as_deref(), Some("KYIV"));
    assert_eq!(m.language, "id");
    assert_eq!(
        m.source_chain,
        vec![Source {
            name: "Reuters".into(),
            role: Some("republishes".into()),
            anonymous: false
        }]
    );
}

#[test]
fn seed_proposals() {
    let a = seed();
    let an = analyze(&a);
    assert_spans(&a, &an);
    assert_eq!(an.proposals.len(), 11, "{:#?}", an.proposals);

    let cap = find(&an, "Prajurit Ukraina berdiri");
    assert_eq!(cap.kind, ClaimKind::ImageCaption);
    assert_eq!(
        cap.text,
        "Prajurit Ukraina berdiri saat kapal feri membawa rekan-rekan mereka selama latihan di wilayah Chernihiv, Ukraina 2 November 2023."
    );
    assert_eq!(cap.figures, vec!["2 November 2023"]);
    assert_eq!(why(cap), "photo caption: who/where/when to verify");

    let nbc1 = find(&an, "Para pejabat AS dan Eropa telah berbicara");
    assert_eq!(nbc1.kind, ClaimKind::AttributedStatement);
    assert!(nbc1.text.ends_with("seorang mantan pejabat AS."));
    let sp =
        "seorang pejabat senior AS yang tidak disebutkan namanya dan seorang mantan pejabat AS";
    assert_eq!(nbc1.speaker.as_deref(), Some(sp));
    assert_eq!(nbc1.chain, vec!["Reuters", "NBC", sp]);
    assert!(nbc1.anonymous);
    assert_eq!(nbc1.caveats, vec![CAVEAT_ID]);
    assert_eq!(
        why(nbc1),
        "attributed to NBC citing unnamed officials; anonymous source"
    );

    let war = find(&an, "Perang di Ukraina");
    assert_eq!(war.kind, ClaimKind::Statistic);
    assert_eq!(war.figures, vec!["bulan ke-21", "ratusan ribu"]);
    assert!(war.text.ends_with("wilayah negara tersebut."));
    assert_eq!(war.speaker, None);
    assert_eq!(war.chain, vec!["Reuters"]);

    let cuba = find(&an, "Hal ini juga memicu");
    assert_eq!(cuba.kind, ClaimKind::Historical);
    assert_eq!(cuba.figures, vec!["1962"]);
    assert_eq!(why(cuba), "historical comparison: 1962");

    let outline = find(&an, "NBC mengatakan");
    assert_eq!(outline.kind, ClaimKind::AttributedStatement);
    assert!(outline.text.contains("garis besar"));
    assert_eq!(outline.speaker.as_deref(), Some("NBC"));
    assert_eq!(outline.chain, vec!["Reuters", "NBC"]);
    assert!(!outline.anonymous);
    assert_eq!(outline.caveats, vec![CAVEAT_ID]);

    let stalemate = find(&an, "Percakapan dengan Ukraina");
    assert_eq!(stalemate.kind, ClaimKind::AttributedStatement);
    assert!(stalemate.text.contains("jalan buntu"));
    assert_eq!(
        stalemate.chain.get(..2),
        Some(&["Reuters".to_string(), "NBC".to_string()][..])
    );
    assert_eq!(stalemate.chain.len(), 3);
    assert!(
        stalemate.anonymous,
        "para pejabat tersebut refers back to unnamed officials"
    );
    assert_eq!(stalemate.caveats, vec![CAVEAT_ID]);

    let share = find(&an, "Rusia saat ini menguasai");
    assert_eq!(share.kind, ClaimKind::Statistic);
    assert_eq!(share.figures, vec!["17,5%"]);
    assert_eq!(why(share), "contains a statistic: 17,5%");
    assert!(share.caveats.is_empty());

    for (prefix, speaker) in [
        ("Moskow mengatakan", "Moskow"),
        (
            "Kyiv dan sekutu Baratnya mengatakan",
            "Kyiv dan sekutu Baratnya",
        ),
        ("Kremlin mengatakan", "Kremlin"),
        ("Kyiv mengatakan bahwa", "Kyiv"),
    ] {
        let p = find(&an, prefix);
        assert_eq!(p.kind, ClaimKind::AttributedStatement, "{prefix}");
        assert_eq!(p.speaker.as_deref(), Some(speaker), "{prefix}");
        assert_eq!(p.chain, vec!["Reuters", speaker], "{prefix}");
        assert!(!p.anonymous, "{prefix}");
        assert!(p.caveats.is_empty(), "{prefix}");
        assert!(p.text.ends_with('.'), "{prefix}");
    }
    assert!(find(&an, "Moskow mengatakan")
        .text
        .ends_with("untuk melemahkan Rusia."));
    assert_eq!(find(&an, "Kyiv mengatakan bahwa").figures, vec!["2014"]);
}

#[test]
fn seed_never_proposes_furniture_or_caveat() {
    let a = seed();
    let an = analyze(&a);
    for p in &an.proposals {
        for bad in [
            "• News",
            "FOLLOW US",
            "Foto: Reuters",
            "Yati Maulana",
            "WIB",
            "KYIV",
            "Reuters tidak dapat",
            "Pejabat Negara Barat Bahas",
        ] {
            assert!(!p.text.contains(bad), "{bad:?} leaked into {:?}", p.text);
        }
    }
    // Article order.
    assert!(an.proposals.windows(2).all(|w| w[0].end <= w[1].start));
}

#[test]
fn seed_segments() {
    let a = seed();
    let segs = segment(&a);
    let of = |k: SegmentKind| -> Vec<&str> {
        segs.iter()
            .filter(|s| s.kind == k)
            .map(|s| s.text(&a))
            .collect()
    };
    assert_eq!(of(SegmentKind::Dateline), vec!["KYIV -"]);
    assert_eq!(of(SegmentKind::Credit), vec!["Foto: Reuters"]);
    assert_eq!(
        of(SegmentKind::Byline),
        vec!["Yati Maulana | Minggu, 05/11/2023 11:01 WIB"]
    );
    assert!(of(SegmentKind::Furniture).contains(&"• News"));
    assert!(of(SegmentKind::Furniture).contains(&"FOLLOW US"));
    // 11 body sentences, the caveat included.
    assert_eq!(of(SegmentKind::Sentence).len(), 11);
}

#[test]
fn english_wire_segmentation() {
    let a = read("tests/fixtures/en-wire.txt");
    let segs = segment(&a);
    let sentences: Vec<&str> = segs
        .iter()
        .filter(|s| s.kind == SegmentKind::Sentence)
        .map(|s| s.text(&a))
        .collect();
    assert!(sentences[0].starts_with("U.S. and European officials have begun"));
    assert!(sentences.contains(&"The official said no decision had been made in Washington."));
    assert!(sentences.contains(
        &"\"We are not pushing Ukraine into negotiations. The decision belongs to Kyiv and to Kyiv alone,\" Jones told reporters at the Pentagon."
    ));
    assert!(sentences
        .iter()
        .any(|s| s.starts_with("Lt Col Sarah Jones") && s.ends_with("Baltic states.")));
    assert!(sentences
        .iter()
        .any(|s| s.ends_with("according to Dr. Emily Carter of the Kiel Institute.")));
    assert_eq!(sentences.len(), 11, "{sentences:#?}");
    let dl: Vec<&str> = segs
        .iter()
        .filter(|s| s.kind == SegmentKind::Dateline)
        .map(|s| s.text(&a))
        .collect();
    assert_eq!(dl, vec!["WASHINGTON, Nov 5 (Reuters) -"]);
}

#[test]
fn english_wire_metadata() {
    let a = read("tests/fixtures/en-wire.txt");
    let an = analyze(&a);
    let m = &an.meta;
    assert_eq!(m.language, "en");
    assert_eq!(m.dateline.as_deref(), Some("WASHINGTON"));
    assert_eq!(m.author.as_deref(), Some("Jane Doe and J. R. Smith"));
    assert_eq!(
        m.published,
        Some(chrono::DateTime::parse_from_rfc3339("2023-11-05T11:01:00+07:00").expect("ts"))
    );
    assert_eq!(
        m.title.as_deref(),
        Some("US, European officials quietly sound out Kyiv on possible peace talks")
    );
    assert_eq!(
        m.source_chain.first().map(|s| s.name.as_str()),
        Some("Reuters")
    );
}

#[test]
fn english_wire_proposals() {
    let a = read("tests/fixtures/en-wire.txt");
    let an = analyze(&a);
    assert_spans(&a, &an);

    let cap = find(&an, "Ukrainian servicemen ride a ferry");
    assert_eq!(cap.kind, ClaimKind::ImageCaption);
    assert!(cap.text.ends_with("November 2, 2023."));
    assert_eq!(cap.figures, vec!["November 2, 2023"]);

    let nbc = find(&an, "U.S. and European officials");
    assert_eq!(nbc.kind, ClaimKind::AttributedStatement);
    assert_eq!(
        nbc.chain,
        vec![
            "Reuters",
            "NBC News",
            "a current and a former U.S. official"
        ]
    );
    assert!(nbc.anonymous);
    assert_eq!(
        nbc.caveats,
        vec!["Reuters could not independently verify the report."]
    );

    let anon = find(&an, "The talks included");
    assert!(anon.anonymous);
    // The speaker is the phrase; why it is unnamed is a caveat.
    assert_eq!(anon.speaker.as_deref(), Some("a senior U.S. official"));
    assert_eq!(anon.caveats, vec!["who spoke on condition of anonymity"]);
    // "The official said" is tied back to the earlier speaker.
    let back = find(&an, "The official said");
    assert!(back.anonymous);
    assert_eq!(back.speaker.as_deref(), Some("a senior U.S. official"));

    let troops = find(&an, "Lt Col Sarah Jones");
    assert_eq!(troops.kind, ClaimKind::Statistic);
    assert_eq!(troops.figures, vec!["5,700"]);
    assert_eq!(
        troops.speaker.as_deref(),
        Some("Lt Col Sarah Jones, a Pentagon spokeswoman")
    );

    let quote = find(&an, "\"We are not pushing");
    assert_eq!(quote.kind, ClaimKind::Quote);
    assert_eq!(quote.speaker.as_deref(), Some("Jones"));

    let econ = find(&an, "Ukraine's economy shrank");
    assert_eq!(econ.kind, ClaimKind::Statistic);
    assert_eq!(econ.figures, vec!["29.1%", "2022", "3.5%"]);
    assert_eq!(
        econ.speaker.as_deref(),
        Some("Dr. Emily Carter of the Kiel Institute")
    );

    let war = find(&an, "The war has killed");
    assert_eq!(war.figures, vec!["hundreds of thousands", "1962"]);
    assert!(why(war).contains("historical comparison: 1962"));

    assert_eq!(
        find(&an, "The Kremlin has said").speaker.as_deref(),
        Some("The Kremlin")
    );
    assert_eq!(find(&an, "Kyiv says").speaker.as_deref(), Some("Kyiv"));
    assert_eq!(find(&an, "Russia controls").figures, vec!["17.5%", "2014"]);

    for p in &an.proposals {
        for bad in [
            "Reporting by",
            "Editing by",
            "Advertisement",
            "REUTERS/",
            "FILE PHOTO",
            "Our Standards",
            "Read more",
            "downed 20 Russian drones",
            "Reuters could not",
            "By Jane Doe",
        ] {
            assert!(!p.text.contains(bad), "{bad:?} leaked into {:?}", p.text);
        }
    }
    assert_eq!(an.proposals.len(), 11, "{:#?}", an.proposals);
}

#[test]
fn hostile_input_never_panics() {
    let mut big = String::with_capacity(1 << 20);
    while big.len() < (1 << 20) {
        big.push_str("Rusia menguasai 17,5% wilayah \u{202E}kata NBC. ");
    }
    let mut no_space = "a.".repeat(300_000);
    no_space.push_str("\"“«");
    let inputs: Vec<String> = vec![
        String::new(),
        ".".into(),
        " . ".into(),
        "\n\n\n".into(),
        "\u{0}\u{0}\u{0}. \u{0}".into(),
        "\x1b[31mKYIV - Red text said the U.S. official.\x1b[0m Next one. ".into(),
        "\u{202E}Moskow mengatakan \u{202D}sesuatu.\u{202C} Lalu.".into(),
        "😀😀 The 🚀 said 5,700 🚀. 中文句子。日本語の文です。Ünïcödé e\u{301}\u{301}\u{301}. J."
            .into(),
        "“Unclosed quote. Said X,".into(),
        "\"".into(),
        "(".into(),
        "KYIV -".into(),
        "KYIV - ".into(),
        " - ".into(),
        "Foto: Reuters".into(),
        "Title line here\nTitle line here".into(),
        "ke- ke-1 ke-. 1. 2. 3. ...... ???".into(),
        "a | b 99/99/9999 99:99 WIB".into(),
        "By \u{0}".into(),
        big,
        no_space,
        "\r\n\r\nHeadline with CRLF\r\n\r\nKYIV - The war said on Nov. 5, 2023. \r\n".into(),
    ];
    for input in &inputs {
        let an = analyze(input);
        assert_spans(input, &an);
        for s in segment(input) {
            assert!(input.is_char_boundary(s.start) && input.is_char_boundary(s.end));
            assert!(s.start <= s.end && s.end <= input.len());
        }
    }
    assert_eq!(
        analyze(""),
        Analysis {
            meta: ArticleMeta {
                language: "und".into(),
                ..ArticleMeta::default()
            },
            proposals: vec![]
        }
    );
}

#[test]
fn byte_offsets_survive_multibyte_text() {
    let a = "Judul berita tentang sesuatu\n\nKYIV – Menurut Kementerian Pertahanan, “rudal” menghantam Kyiv pada 2 November 2023 dan menewaskan 12 orang.\n";
    let an = analyze(a);
    assert_spans(a, &an);
    let p = find(&an, "Menurut Kementerian");
    assert_eq!(p.speaker.as_deref(), Some("Kementerian Pertahanan"));
    assert_eq!(p.figures, vec!["2 November 2023", "12"]);
    assert_eq!(an.meta.dateline.as_deref(), Some("KYIV"));
}

#[test]
fn unsubjected_caveat_hedges_previous_claim_only() {
    let a = "Headline for caveat test\n\nMoskow mengatakan 300 drone ditembak jatuh. Klaim itu belum dapat dikonfirmasi.\n\nKyiv mengatakan mereka menyerang Krimea.\n";
    let an = analyze(a);
    assert_eq!(an.proposals.len(), 2, "{:#?}", an.proposals);
    assert_eq!(
        an.proposals[0].caveats,
        vec!["Klaim itu belum dapat dikonfirmasi."]
    );
    assert!(an.proposals[1].caveats.is_empty());
}

#[test]
fn inline_caveat_hedges_its_own_sentence() {
    let a = "Headline for inline caveat\n\nThe ministry said 40 people died, a figure that could not be independently verified.\n";
    let an = analyze(a);
    let p = find(&an, "The ministry said");
    assert_eq!(
        p.caveats,
        vec!["a figure that could not be independently verified"]
    );
}

#[test]
fn pronoun_speaker_resolves_to_previous() {
    let a = "Headline for pronouns\n\nMenteri Luar Negeri Retno Marsudi mengatakan Indonesia mendukung perdamaian. Pembicaraan akan dilanjutkan di Jakarta pekan depan, katanya.\n";
    let an = analyze(a);
    let p = find(&an, "Pembicaraan akan");
    assert_eq!(
        p.speaker.as_deref(),
        Some("Menteri Luar Negeri Retno Marsudi")
    );
    assert_eq!(p.kind, ClaimKind::AttributedStatement);
}

#[test]
fn anonymous_indonesian_sources() {
    let a = "Headline for anonymous sources\n\nPasukan ditarik dari perbatasan, kata sumber yang enggan disebutkan namanya.\n\nSerangan itu dimulai pukul 04.00, ujar seorang pejabat yang tidak mau disebut namanya.\n";
    let an = analyze(a);
    assert_eq!(an.proposals.len(), 2, "{:#?}", an.proposals);
    assert!(an.proposals.iter().all(|p| p.anonymous));
    assert_eq!(an.proposals[0].speaker.as_deref(), Some("sumber"));
    assert_eq!(
        an.proposals[0].caveats,
        vec!["yang enggan disebutkan namanya"]
    );
    assert_eq!(an.proposals[1].speaker.as_deref(), Some("seorang pejabat"));
}

#[test]
fn find_in_article_reanchors() {
    let a = "Satu kalimat.\nKalimat  kedua\nberlanjut di sini. Akhir.";
    assert_eq!(find_in_article(a, "Satu kalimat."), Some((0, 13)));
    let (s, e) = find_in_article(a, "Kalimat kedua berlanjut di sini.").expect("found");
    assert_eq!(&a[s..e], "Kalimat  kedua\nberlanjut di sini.");
    assert_eq!(find_in_article(a, "tidak ada"), None);
    assert_eq!(find_in_article(a, "   "), None);
    let b = "é  à\nü";
    let (s, e) = find_in_article(b, "é à ü").expect("found");
    assert_eq!(&b[s..e], b);
}

/// Tokens an article is made of, hostile ones included, for the property
/// below.
const PIECES: &[&str] = &[
    ".",
    ",",
    " ",
    "  ",
    "\n",
    "\n\n",
    "\"",
    "“",
    "”",
    "(",
    ")",
    "-",
    " - ",
    "–",
    "|",
    ":",
    "/",
    "%",
    "17,5",
    "5.700",
    "3.5",
    "2023",
    "05/11/2023",
    "11:01",
    "WIB",
    "Rp",
    "kata",
    "said",
    "mengutip",
    "citing",
    "according",
    "to",
    "Menurut",
    "NBC",
    "Reuters",
    "U.S.",
    "Dr.",
    "J.",
    "KYIV",
    "Foto:",
    "REUTERS/",
    "ke-21",
    "ratusan",
    "ribu",
    "November",
    "Nov",
    "é",
    "e\u{301}",
    "中文",
    "😀",
    "\u{202E}",
    "\u{0}",
    "\x1b[0m",
    "tidak dapat memverifikasi",
    "tersebut",
    "the",
    "official",
    "a",
    "•",
    "FOLLOW US",
    "(Uu.H-AK)",
    "?",
    "!",
    "…",
];

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config::with_cases(1000))]
    /// Any soup of those tokens gives proposals whose spans are the text's
    /// own slices on char boundaries, never a panic.
    #[test]
    fn random_token_soup_never_panics(
        tokens in proptest::collection::vec((0..PIECES.len(), proptest::bool::ANY), 0..60)
    ) {
        let mut s = String::new();
        for (i, space) in tokens {
            s.push_str(PIECES[i]);
            if space {
                s.push(' ');
            }
        }
        let an = analyze(&s);
        assert_spans(&s, &an);
        let _ = find_in_article(&s, "kata NBC");
    }
}

#[test]
fn agencies_from_credits_and_datelines() {
    let a = "Headline about agencies here\n\n(Reuters/Gleb Garanich)\n\nJakarta (ANTARA) - Presiden mengatakan ekonomi tumbuh 5 persen.\n";
    let names: Vec<String> = analyze(a)
        .meta
        .source_chain
        .into_iter()
        .map(|s| s.name)
        .collect();
    assert_eq!(names, vec!["Reuters", "Antara"]);
}

/// The seed's body paragraphs (the caveat paragraph among them) `n` times
/// after the seed itself: a long article that repeats its hedge.
fn seed_repeated(n: usize) -> String {
    let a = seed();
    let body: Vec<&str> = a
        .lines()
        .filter(|l| l.split_whitespace().count() > 12 && !l.starts_with("Pejabat"))
        .collect();
    let mut out = a.clone();
    out.push('\n');
    for _ in 0..n {
        for p in &body {
            out.push_str(p);
            out.push_str("\n\n");
        }
    }
    out
}

/// Regression (issue 14): a repeated caveat paragraph was attached once per
/// repetition to every claim of the outlet it hedges (193 copies on one
/// claim of a long article). Now each distinct caveat is there once.
#[test]
fn repeated_caveat_paragraph_is_attached_once() {
    let a = seed_repeated(40);
    let an = analyze(&a);
    assert_spans(&a, &an);
    let mut hedged = 0;
    for p in &an.proposals {
        let mut seen = std::collections::HashSet::new();
        for c in &p.caveats {
            assert!(seen.insert(c), "{c:?} twice on {:?}", p.text);
        }
        if p.caveats == [CAVEAT_ID] {
            hedged += 1;
        }
    }
    // Every NBC claim of every repetition (three per copy of the body).
    assert!(hedged >= 3 * 40, "{hedged}");
    for p in an
        .proposals
        .iter()
        .filter(|p| p.text.starts_with("Rusia saat ini"))
    {
        assert!(p.caveats.is_empty());
    }
}

/// Caveats (and proposals) grow linearly with the article: doubling the
/// text doubles them, however often the article repeats its hedges. Before
/// the fix, the caveats grew with the square of the repetitions.
#[test]
fn caveats_grow_linearly_with_the_article() {
    let count = |n: usize| {
        let an = analyze(&seed_repeated(n));
        let caveats: usize = an.proposals.iter().map(|p| p.caveats.len()).sum();
        let most = an.proposals.iter().map(|p| p.caveats.len()).max();
        (an.proposals.len(), caveats, most.unwrap_or(0))
    };
    let (p10, c10, m10) = count(10);
    let (p40, c40, m40) = count(40);
    // 30 more copies of the body add 30 times what one copy adds.
    let (p11, c11, _) = count(11);
    assert_eq!(p40 - p10, 30 * (p11 - p10));
    assert_eq!(c40 - c10, 30 * (c11 - c10));
    assert!(c40 <= 4 * c10 + 4, "{c10} -> {c40}");
    // A bounded number on any one claim.
    assert!(m10 <= claims::MAX_OUTLET_CAVEATS + 2);
    assert_eq!(m10, m40);
}

/// Distinct caveats about one outlet: at most `MAX_OUTLET_CAVEATS` on each
/// of its claims, the first ones in article order.
#[test]
fn distinct_outlet_caveats_are_bounded() {
    let mut a = String::from("Headline for many caveats\n\n");
    for i in 0..20 {
        a.push_str(&format!(
            "Officials met {i} times in Geneva, NBC News reported, citing two diplomats.\n\nReuters could not verify NBC's report number {i}.\n\n"
        ));
    }
    let an = analyze(&a);
    assert_eq!(an.proposals.len(), 20, "{:#?}", an.proposals);
    for p in &an.proposals {
        assert_eq!(
            p.caveats,
            vec![
                "Reuters could not verify NBC's report number 0.",
                "Reuters could not verify NBC's report number 1.",
                "Reuters could not verify NBC's report number 2.",
            ],
            "{}",
            p.text
        );
    }
}

/// A caveat sentence that names no outlet hedges the claim before it in
/// its own paragraph, or the paragraph before when it stands alone; not a
/// claim two paragraphs back.
#[test]
fn unsubjected_caveat_stays_near_its_claim() {
    let a = "Headline for nearby caveats\n\nMoskow mengatakan 300 drone ditembak jatuh.\n\nKlaim itu belum dapat dikonfirmasi.\n\nKyiv mengatakan mereka menyerang Krimea. Hari itu hujan. Klaim ini juga belum dapat dikonfirmasi.\n";
    let an = analyze(a);
    assert_eq!(an.proposals.len(), 2, "{:#?}", an.proposals);
    assert_eq!(
        an.proposals[0].caveats,
        vec!["Klaim itu belum dapat dikonfirmasi."]
    );
    assert_eq!(
        an.proposals[1].caveats,
        vec!["Klaim ini juga belum dapat dikonfirmasi."]
    );
}

/// `analyze_at` (what `claim add` uses) gives, for every sentence of the
/// bundled article and the English fixture, the proposal full analysis
/// gives; and on a long article, for sentences far from the head.
#[test]
fn analyze_at_matches_full_analysis() {
    for a in [
        seed(),
        read("tests/fixtures/en-wire.txt"),
        seed_repeated(30),
    ] {
        let full = analyze(&a);
        assert!(!full.proposals.is_empty());
        for p in &full.proposals {
            assert_eq!(analyze_at(&a, p.start, p.end).as_ref(), Some(p));
            // A part of the sentence finds the same proposal.
            let mid = p.start + p.text.find(' ').unwrap_or(0);
            assert_eq!(analyze_at(&a, mid, mid).as_ref(), Some(p));
        }
    }
    let a = seed();
    assert_eq!(analyze_at(&a, 0, 3), None, "furniture is no claim");
    assert_eq!(analyze_at(&a, 5, a.len() + 1), None);
}

/// An overlong "sentence" (kilobytes without a sentence end) is not
/// proposed, and the sentences around it still are.
#[test]
fn overlong_sentence_is_not_proposed() {
    let long = "kata NBC dan ".repeat(2_000);
    let a = format!(
        "Headline for a long line\n\nRusia menguasai 17,5% wilayah Ukraina saat ini.\n\n{long}\n\nRusia menguasai 18,5% wilayah Ukraina saat ini.\n"
    );
    let an = analyze(&a);
    assert_spans(&a, &an);
    let texts: Vec<&str> = an.proposals.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(
        texts,
        vec![
            "Rusia menguasai 17,5% wilayah Ukraina saat ini.",
            "Rusia menguasai 18,5% wilayah Ukraina saat ini."
        ]
    );
}

/// Issue 10: a back reference ("the official said", "pejabat itu
/// mengatakan") is the earlier speaker; a credit glued to the last
/// paragraph is furniture, and the sentence before it is still read.
#[test]
fn back_references_and_glued_credits() {
    let a = "Headline for back references\n\nHARGA (ANTARA) - Seorang pejabat Kementerian Perdagangan yang enggan disebutkan namanya mengatakan pemerintah akan mengimpor 500.000 ton beras.\n\nPejabat itu mengatakan keputusan impor sudah disetujui di Istana.\n\nThe economy grew 5.4%, the national statistics office said. The office said only four regions recorded growth. (Reporting by Jane Doe; Editing by Tom Roe)\n";
    let an = analyze(a);
    assert_spans(a, &an);
    let first = find(&an, "Seorang pejabat");
    assert_eq!(
        first.speaker.as_deref(),
        Some("Seorang pejabat Kementerian Perdagangan")
    );
    assert!(first.anonymous);
    assert_eq!(first.caveats, vec!["yang enggan disebutkan namanya"]);
    let back = find(&an, "Pejabat itu");
    assert_eq!(back.speaker, first.speaker);
    assert!(back.anonymous);
    let office = find(&an, "The office said");
    assert_eq!(
        office.speaker.as_deref(),
        Some("the national statistics office")
    );
    assert!(!office.anonymous);
    assert_eq!(office.figures, vec!["four"]);
    for p in &an.proposals {
        assert!(!p.text.contains("Reporting by"), "{:?}", p.text);
    }
}
