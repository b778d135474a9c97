// SPDX-License-Identifier: Apache-2.0
#include "config/config_reference.hpp"

#include "config/root_schema.hpp"
#include "config/schema.hpp"

namespace meerkat::config {

namespace {

std::string cell(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::string code(const std::string& text) {
  if (text.empty() || text == "required" || text == "not set") return text;
  return "`" + cell(text) + "`";
}

}  // namespace

std::vector<OptionDoc> config_reference() {
  std::vector<OptionDoc> rows;
  describe_section(root_schema().core(), rows, "", Status::kImplemented, nullptr);
  return rows;
}

std::string config_reference_markdown() {
  std::string out =
      "# Meerkat configuration reference\n\n"
      "Generated from the config schema (`meerkat --print-config-reference`); do not edit.\n\n"
      "The file format is MongooseIM's TOML. In paths, `[]` stands for each element of an "
      "array of tables and `<name>` for a key the operator chooses. Durations are integers in "
      "the unit given with the type. Status `validated-only` means the option is checked as "
      "strictly as any other but the server does not act on it yet; an enabled module that "
      "the server does not implement stops start-up with an error.\n\n"
      "| Option | Type | Default | Status | Description |\n"
      "|---|---|---|---|---|\n";
  for (const auto& row : config_reference()) {
    out += "| " + code(row.path) + " | " + cell(row.type) + " | " + code(row.default_value) +
           " | " + (row.status == Status::kImplemented ? "implemented" : "validated-only") + " | " +
           cell(row.doc) + " |\n";
  }
  return out;
}

}  // namespace meerkat::config
