// SPDX-License-Identifier: Apache-2.0
// One execution of one operation (§6.3, §6.4): field collection, argument coercion, resolver
// calls, value completion and null propagation. Internal to the GraphQL engine.
#pragma once

#include <boost/json/array.hpp>
#include <set>

#include "graphql/execution.hpp"

namespace meerkat::graphql::detail {

class ExecutionState {
 public:
  using Path = std::vector<boost::json::value>;
  using Nodes = std::vector<const Selection*>;

  ExecutionState(const Executor& executor, const Document& document,
                 const boost::json::object& variables, RequestContext& context)
      : executor_(executor),
        schema_(executor.schema()),
        document_(document),
        variables_(variables),
        context_(context) {}

  // The response: {"data": …} with "errors" when any field failed.
  boost::asio::awaitable<boost::json::object> run(const OperationDefinition& op);

  // Subscriptions: the setup run records the field that returned an event stream; each event
  // run then completes that field with the event instead of calling its resolver.
  std::shared_ptr<EventStream> stream;
  Path stream_path;
  const Resolved* event = nullptr;

 private:
  using Fields = std::vector<std::pair<std::string, Nodes>>;

  void collect(const TypeDef& type, const std::vector<Selection>& set, Fields& out,
               std::set<std::string>& fragments) const;
  bool included(const std::vector<Directive>& directives) const;
  bool applies(const TypeDef& object, const std::string& condition) const;
  std::optional<boost::json::object> arguments(const FieldDef& field, const Selection& node,
                                               const Path& path);
  void field_error(std::string message, const Selection& at, const Path& path,
                   boost::json::object extensions = {});

  boost::asio::awaitable<std::optional<boost::json::value>> selection_set(const TypeDef& type,
                                                                          const Resolved& parent,
                                                                          const Nodes& nodes,
                                                                          Path& path);
  boost::asio::awaitable<std::optional<boost::json::value>> field(const TypeDef& parent_type,
                                                                  const Resolved& parent,
                                                                  const Nodes& nodes, Path& path);
  boost::asio::awaitable<FieldResult> resolve(const TypeDef& parent_type, const FieldDef& def,
                                              const boost::json::object& args,
                                              const Resolved& parent);
  boost::asio::awaitable<std::optional<boost::json::value>> complete(const TypeRef& type,
                                                                     const Nodes& nodes,
                                                                     const Resolved& value,
                                                                     Path& path);
  std::optional<boost::json::value> complete_leaf(const TypeDef& type, const Nodes& nodes,
                                                  const Resolved& value, const Path& path);
  const TypeDef* runtime_type(const TypeDef& abstract, const Resolved& value) const;
  const FieldDef* field_def(const TypeDef& parent, const std::string& name) const;

  const Executor& executor_;
  const Schema& schema_;
  const Document& document_;
  const boost::json::object& variables_;
  RequestContext& context_;
  boost::json::array errors_;
  const TypeDef* root_ = nullptr;
  std::size_t fields_resolved_ = 0;  // against kMaxFields
};

}  // namespace meerkat::graphql::detail

namespace meerkat::graphql {

struct Subscription::State {
  // Runs the operation once to find the source stream; the error response when there is none.
  boost::asio::awaitable<std::optional<boost::json::object>> start();

  const Executor& executor;
  Document document;
  std::size_t operation;
  boost::json::object variables;
  RequestContext& context;
  std::shared_ptr<EventStream> stream;
  detail::ExecutionState::Path path;
};

}  // namespace meerkat::graphql
