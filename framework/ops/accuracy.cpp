#include <minidl/framework/ops/accuracy.hpp>

#include <algorithm>
#include <stdexcept>

#include <minidl/framework/checks.hpp>

namespace minidl {

double accuracy(const Tensor& scores, const Ids& labels) {
  const bool binary = scores.dimension() == labels.dimension() &&
                      std::equal(labels.shape().begin(), labels.shape().end(), scores.shape().begin());
  const bool classes = scores.dimension() == 2 && labels.dimension() == 1 && labels.shape()[0] == scores.shape()[0];
  if (!binary && !classes)
    throw std::invalid_argument("accuracy: scores of shape " + shape_str(scores.shape()) + " for labels of shape " +
                                shape_str(labels.shape()) + " (want (N, C) scores for (N,) labels, or one score per label)");
  checks::nonempty("accuracy", "labels", labels.size());
  std::size_t right = 0;
  if (classes) {
    const std::size_t n = scores.shape()[0], c = scores.shape()[1];
    checks::ids_in_range("accuracy", labels, c, "number of classes");
    for (std::size_t r = 0; r < n; ++r) {
      const Scalar* row = scores.data() + r * c;
      right += static_cast<std::size_t>(std::max_element(row, row + c) - row) == static_cast<std::size_t>(labels(r));
    }
  } else {
    checks::ids_in_range("accuracy", labels, 2, "binary labels (0 or 1): range");
    for (std::size_t i = 0; i < labels.size(); ++i) right += (scores.flat(i) > 0) == (labels.flat(i) == 1);
  }
  return static_cast<double>(right) / static_cast<double>(labels.size());
}

}  // namespace minidl
