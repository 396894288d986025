#pragma once
// A line plot as a self-contained SVG 1.1 document: what the book's trainer.plot() draws with
// matplotlib (plt.plot(x, loss_list); xlabel 'iterations (x20)'; ylabel 'loss'), without a
// plotting library. Points are drawn at x = 0, 1, ..., n-1 as the book's np.arange does.
// The document has no scripts and no external references, so any browser or viewer opens it.
#include <string>
#include <vector>

namespace minidl {

// Axes with 1/2/5 x 10^k ticks and numeric labels on both, the polyline, and the labels (XML
// special characters escaped). 0 points draw the axes alone; a single point or a constant series
// gets a padded range. Throws std::invalid_argument on a NaN or infinite value.
std::string line_plot_svg(const std::vector<double>& y, const std::string& xlabel, const std::string& ylabel,
                          const std::string& title = "");
// The same at given x (the same count as y; e.g. epochs as fractions), ticks no closer than
// min_x_step (0: any). Throws std::invalid_argument when the counts differ.
std::string line_plot_svg(const std::vector<double>& x, const std::vector<double>& y, const std::string& xlabel,
                          const std::string& ylabel, const std::string& title = "", double min_x_step = 0);

}  // namespace minidl
