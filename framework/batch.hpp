#pragma once
// Batch: what the Trainer cuts into mini-batches and a Model's loss receives. Rows along axis 0 of
// either float features (Tensor) or integer ids and labels (Ids), whichever the model declares:
// the Trainer shuffles and gathers rows without knowing which.
#include <variant>
#include <vector>

#include <minidl/framework/tensor.hpp>

namespace minidl {

class Batch {
 public:
  Batch() = default;
  Batch(Tensor x) : data_(std::move(x)) {}  // NOLINT: implicit, so fit(x, t) takes either kind
  Batch(Ids x) : data_(std::move(x)) {}     // NOLINT

  bool is_ids() const { return std::holds_alternative<Ids>(data_); }
  // The rows as ids or as a tensor; throws std::invalid_argument naming `what` and the kind held
  // when the model asks for the other kind.
  const Ids& ids(const char* what = "batch") const;
  const Tensor& tensor(const char* what = "batch") const;

  std::size_t rows() const;  // axis 0; 0 for a scalar or an empty batch
  Shape shape() const;

  // A batch of n rows shaped like this one's rows, for gather_rows to fill.
  Batch buffer(std::size_t n) const;
  // dst's rows i = 0..n-1 become this batch's rows order[begin + i]; dst has n rows of this kind.
  void gather_rows(const std::vector<std::size_t>& order, std::size_t begin, Batch& dst) const;

 private:
  std::variant<Tensor, Ids> data_;
};

// dst's rows i = 0..dst.rows-1 become src's rows order[begin + i] (axis 0, any row shape): the
// Trainer's mini-batch gather, for a loop that keeps its own buffers (minidl-bench).
void gather_rows(const Ids& src, const std::vector<std::size_t>& order, std::size_t begin, Ids& dst);
void gather_rows(const Tensor& src, const std::vector<std::size_t>& order, std::size_t begin, Tensor& dst);

}  // namespace minidl
