#pragma once
// SparseAdam: Adam for row-sparse gradients (embeddings), also called lazy Adam. Only the rows a
// step's gradient reaches are updated, each with its own step count t, so a word's moments and
// bias correction advance when the word is seen, not at every step of the whole matrix. Row by
// row it is the book's Adam (optim/adam_rule.hpp):
//   t_r <- t_r + 1;  lr_t = lr sqrt(1 - beta2^t_r) / (1 - beta1^t_r);  then adam_rule on row r
// A row updated at every step follows the dense Adam exactly (a test checks it). A dense gradient
// counts as reaching every row. The fast trainer (word2vec/fast) updates rows one at a time
// through rows(i), with a learning rate of its own.
#include <cstdint>
#include <vector>

#include <minidl/framework/optimizer.hpp>

namespace minidl {

class SparseAdam : public Optimizer {
 public:
  explicit SparseAdam(Parameters params, Scalar lr = Scalar(0.001), Scalar beta1 = Scalar(0.9),
                      Scalar beta2 = Scalar(0.999));

  // Parameter i's state, for updating one row at a time: update(w, r, g, lr) applies gradient g
  // to the weights w of row r (wherever w lives: the fast trainer's threads keep copies of some
  // rows). Valid until load_state; different rows may be updated from different threads.
  class Rows {
   public:
    void update(Scalar* w, std::size_t row, const Scalar* g, Scalar lr) const;

   private:
    friend class SparseAdam;
    Scalar *m_ = nullptr, *v_ = nullptr, *t_ = nullptr;  // t_: the row's step count (kept in checkpoints)
    double *beta1_power_ = nullptr, *beta2_power_ = nullptr;  // beta^t_r, so no pow() per update
    std::size_t cols_ = 0;
    Scalar beta1_ = 0, beta2_ = 0;
  };
  Rows rows(std::size_t i);

 protected:
  void update(std::size_t i, Tensor& param, const Tensor& grad) override;
  void update_rows(std::size_t i, Tensor& param, const RowSparse& grad) override;

 private:
  Scalar lr_, beta1_, beta2_;
  std::vector<std::vector<double>> beta1_power_, beta2_power_;
  std::size_t powers_version_ = ~std::size_t(0);
};

}  // namespace minidl
