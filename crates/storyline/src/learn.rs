//! Learn: the small models Storyline fits to labelled data, and ships as weights.
//!
//! A decision that a hand-set threshold used to make (does this article join that
//! story?) is made by a model whose weights are fitted on labelled corpora, so that
//! how much each signal counts is chosen by data, and can be chosen on some corpora
//! and checked on others. The models are few-featured, so plain logistic regression
//! fitted by Newton's method (exact, deterministic, a few iterations) is enough; no
//! dependency is needed for it.

/// One labelled example: its features, its label, and how much it counts (so that
/// each corpus of a pooled training set can count the same however large it is).
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    pub features: Vec<f64>,
    pub label: bool,
    pub weight: f64,
}

/// A logistic regression: the probability of the label is the logistic function
/// of the weights' dot product with the features (the first weight is the bias).
#[derive(Debug, Clone, PartialEq)]
pub struct Logistic {
    pub weights: Vec<f64>,
}

impl Logistic {
    /// The probability that an example with these features has the label.
    pub fn probability(&self, features: &[f64]) -> f64 {
        sigmoid(self.score(features))
    }

    /// The log-odds of the label.
    pub fn score(&self, features: &[f64]) -> f64 {
        let (bias, rest) = self.weights.split_first().unwrap_or((&0.0, &[]));
        bias + rest.iter().zip(features).map(|(w, x)| w * x).sum::<f64>()
    }

    /// Fits the weights to examples by Newton's method on the weighted log-loss
    /// with an L2 penalty `l2` on every weight but the bias. With no examples
    /// the model is even (probability one half).
    pub fn fit(examples: &[Example], l2: f64) -> Logistic {
        let width = examples.first().map_or(0, |e| e.features.len()) + 1;
        let mut weights = vec![0.0; width];
        for _ in 0..50 {
            let model = Logistic {
                weights: weights.clone(),
            };
            let mut gradient = vec![0.0; width];
            let mut hessian = vec![vec![0.0; width]; width];
            for e in examples {
                let p = model.probability(&e.features);
                let error = p - if e.label { 1.0 } else { 0.0 };
                let curvature = (p * (1.0 - p)).max(1e-9) * e.weight;
                let x: Vec<f64> = std::iter::once(1.0)
                    .chain(e.features.iter().copied())
                    .collect();
                for ((g, row), xi) in gradient.iter_mut().zip(&mut hessian).zip(&x) {
                    *g += e.weight * error * xi;
                    for (h, xj) in row.iter_mut().zip(&x) {
                        *h += curvature * xi * xj;
                    }
                }
            }
            for (i, row) in hessian.iter_mut().enumerate() {
                if i > 0 {
                    gradient[i] += l2 * weights[i];
                    row[i] += l2;
                }
                row[i] += 1e-9;
            }
            let Some(step) = solve(hessian, gradient).filter(|s| s.iter().all(|x| x.is_finite()))
            else {
                break;
            };
            let mut largest = 0.0f64;
            for (w, s) in weights.iter_mut().zip(&step) {
                *w -= s;
                largest = largest.max(s.abs());
            }
            if largest < 1e-9 {
                break;
            }
        }
        Logistic { weights }
    }
}

fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// Solves `a x = b` by Gaussian elimination with partial pivoting; None when `a`
/// is singular.
fn solve(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Option<Vec<f64>> {
    let n = b.len();
    for column in 0..n {
        let pivot =
            (column..n).max_by(|&i, &j| a[i][column].abs().total_cmp(&a[j][column].abs()))?;
        if a[pivot][column].abs() < 1e-12 {
            return None;
        }
        a.swap(column, pivot);
        b.swap(column, pivot);
        for row in column + 1..n {
            let factor = a[row][column] / a[column][column];
            let (above, below) = a.split_at_mut(row);
            for (target, source) in below[0][column..].iter_mut().zip(&above[column][column..]) {
                *target -= factor * source;
            }
            b[row] -= factor * b[column];
        }
    }
    let mut x = vec![0.0; n];
    for row in (0..n).rev() {
        let rest: f64 = (row + 1..n).map(|k| a[row][k] * x[k]).sum();
        x[row] = (b[row] - rest) / a[row][row];
    }
    Some(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example(x: f64, label: bool) -> Example {
        Example {
            features: vec![x],
            label,
            weight: 1.0,
        }
    }

    #[test]
    fn a_fitted_model_recovers_the_boundary_between_the_labels() {
        // Labels drawn from a known logistic model: p = sigmoid(4x - 2).
        let mut examples = Vec::new();
        for step in 0..=100 {
            let x = step as f64 / 100.0;
            let p = sigmoid(4.0 * x - 2.0);
            // Ten examples at each x, labelled in proportion to p.
            let positives = (p * 10.0).round() as usize;
            for k in 0..10 {
                examples.push(example(x, k < positives));
            }
        }
        let model = Logistic::fit(&examples, 0.0);
        assert!((model.weights[0] + 2.0).abs() < 0.1, "{model:?}");
        assert!((model.weights[1] - 4.0).abs() < 0.2, "{model:?}");
        assert!(model.probability(&[0.9]) > 0.8);
        assert!(model.probability(&[0.1]) < 0.2);
    }

    #[test]
    fn weights_count_examples_and_the_penalty_keeps_separable_data_finite() {
        // Perfectly separable: without a penalty the weight would grow forever.
        let examples = [example(0.0, false), example(1.0, true)];
        let model = Logistic::fit(&examples, 0.1);
        assert!(model.weights.iter().all(|w| w.is_finite()));
        assert!(model.probability(&[1.0]) > 0.5 && model.probability(&[0.0]) < 0.5);
        // A heavier example pulls the base rate towards its label.
        let weighted = [
            Example {
                weight: 3.0,
                ..example(0.5, true)
            },
            example(0.5, false),
        ];
        let model = Logistic::fit(&weighted, 0.0);
        assert!((model.probability(&[0.5]) - 0.75).abs() < 1e-6, "{model:?}");
    }

    #[test]
    fn no_examples_give_an_even_model() {
        let model = Logistic::fit(&[], 1.0);
        assert_eq!(model.probability(&[]), 0.5);
    }
}
