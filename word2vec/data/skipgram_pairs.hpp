#pragma once
// Skip-gram with negative sampling framed as a labelled dataset (the Keras/TensorFlow word2vec
// walkthrough's `skipgrams`): every (centre, context) pair of words at most `window` apart is a
// positive, label 1, and each positive brings `negatives` pairs (centre, w) with w drawn from the
// unigram^0.75 table, label 0. The negatives are drawn once, here, as that walkthrough does; the
// chapter's NegativeSamplingLoss draws fresh ones every step.
#include <cstddef>

#include <minidl/framework/dataset.hpp>
#include <minidl/framework/random.hpp>
#include <minidl/layers/unigram_sampler.hpp>

namespace minidl {

// The number of positive pairs in a corpus of n words: every word with the words at most `window`
// away on either side. What skipgram_pairs makes (times 1 + negatives), for a memory estimate first.
std::size_t skipgram_positive_pairs(std::size_t n, std::size_t window);

// x: (P, 2) ids (centre, other word), t: (P,) labels; P = positives * (1 + negatives), each positive
// followed by its negatives. Throws std::invalid_argument for window 0 or a corpus with no pair.
Dataset skipgram_pairs(const Ids& corpus, std::size_t window, std::size_t negatives, const UnigramSampler& sampler,
                       Rng& rng);

}  // namespace minidl
