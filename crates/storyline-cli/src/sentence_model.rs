//! `--sentence-model DIR`: the sentence encoder a command judges same claims
//! with (see `storyline::meaning`). The encoder is linked only into a build
//! with `--features embeddings`, as it takes minutes to build; without it the
//! option is refused with that advice rather than ignored.

use std::path::PathBuf;

use storyline::meaning::Encoder;

#[derive(clap::Args, Clone, Default)]
pub struct SentenceModelArgs {
    /// Also weigh what sentences mean, not only the words they share, with this
    /// sentence encoder (a sentence-transformers folder: all-MiniLM-L6-v2, which
    /// scripts/fetch-sentence-model puts in models/); needs a build with
    /// `--features embeddings`
    #[arg(long, value_name = "DIR")]
    sentence_model: Option<PathBuf>,
}

impl SentenceModelArgs {
    /// The encoder asked for, loaded; None when none was.
    pub fn encoder(&self) -> anyhow::Result<Option<Encoder>> {
        self.sentence_model.as_deref().map(load).transpose()
    }
}

#[cfg(feature = "embeddings")]
fn load(folder: &std::path::Path) -> anyhow::Result<Encoder> {
    let encoder = storyline_embed::BertEncoder::load(folder)?;
    Ok(Encoder(std::sync::Arc::new(encoder)))
}

#[cfg(not(feature = "embeddings"))]
fn load(folder: &std::path::Path) -> anyhow::Result<Encoder> {
    anyhow::bail!(
        "--sentence-model {}: this storyline was built without the sentence encoder \
         (build it with `cargo build --release --locked -p storyline-cli --features embeddings`)",
        folder.display()
    )
}
