// SPDX-License-Identifier: Apache-2.0
// The generated reference: shape of its rows, and docs/config-options.md kept equal to it.
#include "config/config_reference.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace meerkat::config {
namespace {

TEST(ConfigReference, DescribesOptionsWithTypeDefaultAndStatus) {
  auto md = config_reference_markdown();
  EXPECT_NE(md.find("| `listen.c2s[].tls.mode` | one of \"tls\", \"starttls\", "
                    "\"starttls_required\" | `\"starttls\"` | implemented |"),
            std::string::npos);
  EXPECT_NE(md.find("| `listen.c2s[].port` | port number (1-65535) or \"unix:/path\" | "
                    "required | implemented |"),
            std::string::npos);
  EXPECT_NE(md.find("| `listen.c2s[].max_stanza_size` | positive integer or \"infinity\" | "
                    "`\"infinity\"` | implemented |"),
            std::string::npos);
  EXPECT_NE(md.find("| `modules.mod_ping.ping_interval` | positive integer (s) | `60` | "
                    "implemented |"),
            std::string::npos);
  EXPECT_NE(md.find("| `modules.mod_csi.buffer_max` | non-negative integer or \"infinity\" | "
                    "`20` | implemented |"),
            std::string::npos);
  EXPECT_NE(md.find("| `modules.mod_inbox.max_result_limit` | positive integer or \"infinity\" | "
                    "`\"infinity\"` | validated-only |"),
            std::string::npos);
  EXPECT_NE(md.find("| `shaper.<name>.max_rate` | positive integer | required |"),
            std::string::npos);
}

TEST(ConfigReference, EveryRowHasADoc) {
  for (const auto& row : config_reference()) {
    EXPECT_FALSE(row.doc.empty()) << row.path;
    EXPECT_FALSE(row.type.empty()) << row.path;
  }
}

// docs/config-options.md is this generator's output; regenerate it with
// MEERKAT_UPDATE_DOCS=1 meerkat_unit_tests --gtest_filter=ConfigReference.*
TEST(ConfigReference, DocsFileIsUpToDate) {
  const std::string path = std::string(MEERKAT_SOURCE_DIR) + "/docs/config-options.md";
  auto md = config_reference_markdown();
  if (std::getenv("MEERKAT_UPDATE_DOCS")) {
    std::ofstream(path, std::ios::binary) << md;
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_TRUE(text.str() == md) << path << " is stale; regenerate it with MEERKAT_UPDATE_DOCS=1";
}

}  // namespace
}  // namespace meerkat::config
