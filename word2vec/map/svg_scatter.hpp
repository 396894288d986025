#pragma once
// A labelled scatter plot as a self-contained SVG 1.1 document: the book's count_method_small.py
// map (plt.annotate(word, (U[id, 0], U[id, 1])); plt.scatter(U[:, 0], U[:, 1], alpha=0.5)),
// without a plotting library. No scripts, no external references: any browser or viewer opens it.
#include <array>
#include <string>
#include <vector>

namespace minidl {

// One dot per point with its label beside it, axes with numeric ticks, and the title; labels and
// title are XML-escaped. Each axis is scaled to fill the plot (as matplotlib does).
// Throws std::invalid_argument when labels and points differ in number or a coordinate is not finite.
std::string scatter_plot_svg(const std::vector<std::array<double, 2>>& points, const std::vector<std::string>& labels,
                             const std::string& title = "");

}  // namespace minidl
