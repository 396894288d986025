#pragma once
// The fast configuration's two kernels: the loss of one training example and its gradient, on the
// rows it touches only (row-sparse), read straight from W_in and W_out (V x H, row-major).
//
// outputs = {target, negative_1, ..., negative_S}: label 1 for the first, 0 for the rest. With
// p = sigmoid(s) for a score s and L = -log p (label 1) or -log(1 - p) (label 0), dL/ds = p - label.
//
// CBOW (book ch. 4.3.1, one row of the mini-batch):
//   h = mean_c W_in[contexts[c]],  s_k = W_out[outputs[k]] . h,  loss = sum_k L(s_k)
//   grad_out[k] = (p_k - label_k) h                  (the gradient of W_out's row outputs[k])
//   grad_h      = sum_k (p_k - label_k) W_out[outputs[k]]; each context row's gradient is grad_h / C
//
// Skip-gram with negatives shared across the window (HogBatch, Ji et al. 2016): word2vec's
// orientation (each context word predicts the centre), one set of S negatives for all C contexts,
// so scoring is a (C x H) by (H x (1+S)) matrix product:
//   S = X Y^T with X = W_in[contexts], Y = W_out[outputs];  loss = sum_ck L(S_ck)
//   G = sigmoid(S) - labels;  grad_in = G Y  (C x H),  grad_out = G^T X  ((1+S) x H)
//
// Each returns the loss, summed as above. The same code builds in float and in double (the double
// build is what the gradient checker verifies); in the float library an AVX2+FMA copy is chosen at
// run time on CPUs that have it.
#include <cstddef>
#include <cstdint>

#include <minidl/framework/tensor.hpp>

namespace minidl {

// Outputs: h and grad_h (H scalars each), g (n_outputs: p_k - label_k) and, unless null, grad_out
// (n_outputs x H). A caller doing SGD passes null and adds -lr g_k h to W_out's rows itself (one
// pass instead of two). Ids must be < the rows of W_in / W_out.
Scalar cbow_example_gradient(const Scalar* W_in, const Scalar* W_out, std::size_t hidden,
                             const std::int32_t* contexts, std::size_t n_contexts, const std::int32_t* outputs,
                             std::size_t n_outputs, Scalar* h, Scalar* grad_h, Scalar* g, Scalar* grad_out);

// Outputs: G (n_contexts x n_outputs), grad_in (n_contexts x H) and grad_out (n_outputs x H).
Scalar shared_negative_gradient(const Scalar* W_in, const Scalar* W_out, std::size_t hidden,
                                const std::int32_t* contexts, std::size_t n_contexts, const std::int32_t* outputs,
                                std::size_t n_outputs, Scalar* G, Scalar* grad_in, Scalar* grad_out);

// The same two kernels on rows given by address (row c of W_in[contexts] is context_rows[c]):
// what the trainer calls, since with several threads a frequent word's row may be a thread's own
// copy (word2vec/fast/fast_word2vec.cpp). The versions above gather these addresses and call them.
Scalar cbow_example_gradient(const Scalar* const* context_rows, std::size_t n_contexts,
                             const Scalar* const* output_rows, std::size_t n_outputs, std::size_t hidden, Scalar* h,
                             Scalar* grad_h, Scalar* g, Scalar* grad_out);
Scalar shared_negative_gradient(const Scalar* const* context_rows, std::size_t n_contexts,
                                const Scalar* const* output_rows, std::size_t n_outputs, std::size_t hidden,
                                Scalar* G, Scalar* grad_in, Scalar* grad_out);

// CBOW's SGD step with its gradient, for the fast configuration with SGD: the same as
// cbow_example_gradient followed by W_out[outputs[k]] -= lr g_k h and, for every context row,
// -= lr grad_h (C times its gradient: word2vec's and gensim's update), without forming grad_out.
// Returns the loss before the step.
Scalar cbow_example_sgd(Scalar* const* context_rows, std::size_t n_contexts, Scalar* const* output_rows,
                        std::size_t n_outputs, std::size_t hidden, Scalar lr, Scalar* h, Scalar* grad_h);

// Rows of `hidden` scalars for a kernel to prefetch while it computes: the next example's, which the
// trainer knows one example ahead (their addresses only; nothing is read from them).
struct RowPrefetch {
  const Scalar* const* rows = nullptr;
  std::size_t n = 0;
};

// Skip-gram's SGD step with its gradient: the same as shared_negative_gradient followed by
// W_in[contexts[c]] -= lr grad_in[c] and W_out[outputs[k]] -= lr grad_out[k], every gradient from the
// rows as they were (a repeated row takes each of its steps). G (n_contexts x n_outputs) and grad_out
// (n_outputs x H) are scratch; G is left holding -lr G. Returns the loss before the step. The rows of
// `next` are prefetched a few at a time between the step's products (the result does not depend on them).
Scalar skipgram_example_sgd(Scalar* const* context_rows, std::size_t n_contexts, Scalar* const* output_rows,
                            std::size_t n_outputs, std::size_t hidden, Scalar lr, Scalar* G, Scalar* grad_out,
                            const RowPrefetch& next = {});

}  // namespace minidl
