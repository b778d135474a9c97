// SPDX-License-Identifier: Apache-2.0
// Section order here is the order of the generated reference.
#include "config/root_schema.hpp"

#include "config/general_schema.hpp"
#include "config/listen_schema.hpp"
#include "config/schema.hpp"

namespace meerkat::config {

Section<Config> root_schema() {
  return Section<Config>{}
      .section("general", &Config::general, general_schema(),
               "Domains, logging and other server-wide settings.")
      .required()
      .section("listen", &Config::listen, listen_schema(),
               "Sockets the server accepts connections on.");
}

LoadResult load_config(const RawNode& root, std::string file, const LoadOptions& options) {
  LoadContext ctx(std::move(file), options.working_dir);
  Config config;
  load_section(root_schema().core(), root, &config, ctx);
  if (ctx.error_count() > 0) return ConfigErrors(ctx.take_errors());
  return config;
}

}  // namespace meerkat::config
