//! The encoder with the real model (`scripts/fetch-sentence-model` puts it in
//! `models/all-MiniLM-L6-v2`; `.ci/run` runs these where it can fetch it).

use std::path::PathBuf;

use storyline::meaning::{cosine, SentenceEncoder};
use storyline_embed::BertEncoder;

fn encoder() -> BertEncoder {
    let folder = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../models/all-MiniLM-L6-v2");
    BertEncoder::load(&folder).expect("scripts/fetch-sentence-model was run")
}

#[test]
#[ignore = "needs models/all-MiniLM-L6-v2 (scripts/fetch-sentence-model)"]
fn sentences_are_cut_into_the_pieces_the_reference_tokenizer_gives() {
    // Ids as the model's own tokenizer.json, read by Hugging Face's tokenizers,
    // gives them: accents, punctuation inside words, symbols, ideographs, a URL,
    // a zero-width space.
    let encoder = encoder();
    let cases: [(&str, &[u32]); 3] = [
        (
            "The ferry Alder Queen ran aground off Skerry Point — 212 passengers, Café «Zoë»!",
            &[
                1996, 7115, 2632, 4063, 3035, 2743, 29406, 2125, 15315, 19826, 2391, 1517, 18164,
                5467, 1010, 7668, 1077, 11199, 1090, 999,
            ],
        ),
        (
            "Ökonomen erwarten 3,8 Mio. € Schaden; naïve co-operation isn't 100% (ŞİRKET) 東京 unaffordable.",
            &[
                7929, 17175, 3549, 9413, 18367, 2368, 1017, 1010, 1022, 2771, 2080, 1012, 1574, 8040,
                16102, 2368, 1025, 15743, 2522, 1011, 3169, 3475, 1005, 1056, 2531, 1003, 1006, 2909,
                3489, 2102, 1007, 1879, 1755, 14477, 4246, 8551, 3085, 1012,
            ],
        ),
        (
            "He said: \"We'll rebuild\" — https://example.org/a?b=1 #hashtag @user 1987's flood\u{200b}.",
            &[
                2002, 2056, 1024, 1000, 2057, 1005, 2222, 14591, 1000, 1517, 16770, 1024, 1013, 1013,
                2742, 1012, 8917, 1013, 1037, 1029, 1038, 1027, 1015, 1001, 23325, 15900, 1030, 5310,
                3055, 1005, 1055, 7186, 1012,
            ],
        ),
    ];
    for (sentence, expected) in cases {
        let pieces = encoder.pieces(sentence);
        assert_eq!(&pieces[1..pieces.len() - 1], expected, "{sentence}");
        assert_eq!((pieces[0], pieces[pieces.len() - 1]), (101, 102));
    }
}

#[test]
#[ignore = "needs models/all-MiniLM-L6-v2 (scripts/fetch-sentence-model)"]
fn a_paraphrase_is_closer_than_another_claim_about_the_same_event() {
    let encoder = encoder();
    let vectors = encoder.encode(&[
        "Nobody was hurt in the grounding, the coastguard confirmed.",
        "No injuries were reported, according to the coastguard.",
        "The coastguard said the ferry ran aground on Monday morning.",
        "",
    ]);
    for vector in &vectors {
        assert_eq!(vector.len(), 384);
        let length: f64 = vector.iter().map(|x| f64::from(x * x)).sum();
        assert!((length - 1.0).abs() < 1e-4, "{length}");
    }
    let paraphrase = cosine(&vectors[0], &vectors[1]);
    let other_claim = cosine(&vectors[0], &vectors[2]);
    assert!(paraphrase > other_claim + 0.1, "{paraphrase} {other_claim}");
    // Batches are formed by length: the order given is the order returned.
    let alone = encoder.encode(&["No injuries were reported, according to the coastguard."]);
    assert!(cosine(&alone[0], &vectors[1]) > 0.9999);
}
