// Docs quote compiled example programs; this keeps every quoted block identical to its source.
// A doc marks a block with `<!-- snippet: examples/file.cpp [name] -->` on the line before it; the
// source marks the region with a `// [name]` line before and after.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

std::vector<std::string> read_lines(const fs::path& p) {
  std::ifstream in(p);
  BOOST_REQUIRE_MESSAGE(in, "cannot read " << p);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string region(const fs::path& source, const std::string& name) {
  const auto lines = read_lines(source);
  const std::string marker = "// [" + name + "]";
  std::string out;
  int found = 0;
  for (const auto& line : lines) {
    const auto first = line.find_first_not_of(' ');
    if (first != std::string::npos && line.compare(first, std::string::npos, marker) == 0) {
      if (++found == 2) return out;
      continue;
    }
    if (found == 1) out += line + "\n";
  }
  BOOST_FAIL("region [" << name << "] not found (twice) in " << source);
  return {};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(docs)

BOOST_AUTO_TEST_CASE(quoted_snippets_match_their_sources) {
  const fs::path root = MINIDL_SOURCE_DIR;
  const std::regex marker(R"(^<!-- snippet: (\S+) \[([A-Za-z0-9_-]+)\] -->$)");
  int checked = 0;
  for (const auto& entry : fs::directory_iterator(root / "docs")) {
    if (entry.path().extension() != ".md") continue;
    const auto lines = read_lines(entry.path());
    for (std::size_t i = 0; i < lines.size(); ++i) {
      std::smatch m;
      if (!std::regex_search(lines[i], m, marker)) continue;
      BOOST_REQUIRE_MESSAGE(i + 1 < lines.size() && lines[i + 1].rfind("```", 0) == 0,
                            entry.path().filename() << ":" << i + 1 << ": a snippet marker must precede a code block");
      std::string block;
      std::size_t j = i + 2;
      for (; j < lines.size() && lines[j].rfind("```", 0) != 0; ++j) block += lines[j] + "\n";
      const std::string expected = region(root / m[1].str(), m[2].str());
      BOOST_TEST(block == expected, entry.path().filename().string() << ":" << i + 1 << ": the block differs from "
                                                                       << m[1] << " [" << m[2] << "]");
      ++checked;
      i = j;
    }
  }
  BOOST_TEST(checked >= 5);  // custom-layer.md alone quotes five regions
}

BOOST_AUTO_TEST_SUITE_END()
