#pragma once
// Dataset: inputs x and targets t, row n of each being one sample, of whatever kinds the model
// declares (float features, ids, labels: framework/batch). What Trainer::fit cuts into mini-batches
// and Trainer::evaluate scores; split() holds part of it out.
#include <utility>
#include <vector>

#include <minidl/framework/batch.hpp>
#include <minidl/framework/random.hpp>

namespace minidl {

struct Dataset {
  Batch x, t;

  // The number of samples; throws std::invalid_argument when x and t have different row counts.
  std::size_t size() const;
};

// Rows order[begin], ..., order[begin + n - 1] of data, as a Dataset of their own.
Dataset take(const Dataset& data, const std::vector<std::size_t>& order, std::size_t begin, std::size_t n);

// {train, held out}: the rows shuffled by rng, the last round(held_out * N) of them held out.
// Throws std::invalid_argument unless 0 < held_out < 1 and both parts get at least one row.
std::pair<Dataset, Dataset> split(const Dataset& data, double held_out, Rng& rng);

}  // namespace minidl
