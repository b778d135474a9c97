// SPDX-License-Identifier: Apache-2.0
// meerkatctl's commands, read from the admin GraphQL schema compiled into it: every category
// of AdminQuery and AdminMutation is a command group, every field of it a command, every
// argument an option (`meerkatctl account registerUser --domain localhost …`), as
// mongooseimctl derives its commands from MongooseIM's schema.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "graphql/schema.hpp"

namespace meerkat::ctl {

struct Command {
  std::string category;
  std::string name;
  bool mutation = false;
  const graphql::FieldDef* field = nullptr;
};

// The GraphQL request for one command: the document and its variables.
struct BuiltRequest {
  std::string query;
  boost::json::object variables;
};

class Catalog {
 public:
  explicit Catalog(const graphql::Schema& schema);

  std::vector<std::string> categories() const;
  std::vector<const Command*> commands(const std::string& category) const;
  const Command* find(const std::string& category, const std::string& name) const;

  // `options` are (argument name, text as typed). Strings are taken as they are; other
  // types are read as JSON (numbers, true/false, lists, objects), enums by name. The
  // error names the option and what was expected.
  std::variant<BuiltRequest, std::string> build(
      const Command& command,
      const std::vector<std::pair<std::string, std::string>>& options) const;

  // Help texts for the command line.
  std::string usage() const;
  std::string category_usage(const std::string& category) const;
  std::string command_usage(const Command& command) const;

 private:
  std::string selection(const graphql::TypeRef& type, int depth) const;

  const graphql::Schema& schema_;
  std::vector<Command> commands_;
};

}  // namespace meerkat::ctl
