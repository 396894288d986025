#pragma once
// Helpers the test files share: tensors from literal values, element-wise comparisons that name
// the first bad element, and the message an expected error carries. Header-only, for tests only.
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <exception>
#include <functional>
#include <string>
#include <vector>

#include <minidl/framework/tensor.hpp>

namespace minidl::test {

// A tensor of the given shape filled from a flat, row-major list of values.
inline Tensor make(const Shape& shape, const std::vector<double>& values) {
  Tensor t = Tensor::from_shape(shape);
  BOOST_TEST_REQUIRE(t.size() == values.size());
  for (std::size_t i = 0; i < values.size(); ++i) t.flat(i) = static_cast<Scalar>(values[i]);
  return t;
}

inline void check_close(const Tensor& got, const Tensor& want, double tol = 1e-12) {
  BOOST_TEST_REQUIRE(shape_str(got.shape()) == shape_str(want.shape()));
  for (std::size_t i = 0; i < want.size(); ++i)
    BOOST_CHECK_MESSAGE(std::abs(got.flat(i) - want.flat(i)) <= tol,
                        "element " << i << ": got " << got.flat(i) << ", want " << want.flat(i));
}

// What f threw (its what()), or "no error".
inline std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace minidl::test
