// SPDX-License-Identifier: Apache-2.0
// Execution (§6): runs a validated request against the schema, calling the resolvers that the
// API registers per "Type.field" and reading every other field from the parent's value.
// Resolvers are coroutines, so a resolver may wait for storage or another shard; fields run
// one after another, which is what mutations need and what queries allow.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "graphql/schema.hpp"

namespace meerkat::graphql {

struct Resolved;

// An object whose fields are computed when asked for (the introspection types); plain results
// are JSON objects instead.
class ObjectSource {
 public:
  virtual ~ObjectSource() = default;
  virtual std::string type_name() const = 0;
  virtual Resolved field(const std::string& name, const boost::json::object& arguments) const = 0;
};

// A source of subscription events; the field whose resolver returns one is the subscription's
// source stream (§6.2.3), wherever it sits below the root.
class EventStream {
 public:
  virtual ~EventStream() = default;
  // The next event, or nullopt when the stream has ended.
  virtual boost::asio::awaitable<std::optional<Resolved>> next() = 0;
};

// What a resolver produced: a JSON value (an object's fields are read by name; an abstract
// type's object names its type in "__typename"), a lazily computed object, a list of either,
// or an event stream.
struct Resolved {
  boost::json::value json;
  std::shared_ptr<const ObjectSource> object;
  std::optional<std::vector<Resolved>> list;
  std::shared_ptr<EventStream> stream;

  Resolved() = default;
  Resolved(boost::json::value value) : json(std::move(value)) {}  // NOLINT: implicit on purpose
  static Resolved of(std::shared_ptr<const ObjectSource> object);
  static Resolved of(std::vector<Resolved> list);
  static Resolved of(std::shared_ptr<EventStream> stream);
};

// A field error (§7.1.2): its message, and "extensions" such as a machine-readable "code".
struct FieldError {
  std::string message;
  boost::json::object extensions;

  static FieldError coded(std::string message, std::string_view code);
};

using FieldResult = boost::system::result<Resolved, FieldError>;

// The API's per-request state (who is asking, with which rights); resolvers cast it back.
class RequestContext {
 public:
  virtual ~RequestContext() = default;
};

struct FieldContext {
  const TypeDef& parent_type;
  const FieldDef& field;
  const boost::json::object& arguments;  // coerced, defaults applied
  const Resolved& parent;
  RequestContext& request;
};

using Resolver = std::function<boost::asio::awaitable<FieldResult>(const FieldContext&)>;
// Runs before each field that has a resolver; an error denies the field.
using FieldGuard = std::function<std::optional<FieldError>(const FieldContext&)>;

// A request may resolve at most this many fields (all levels, all list items): aliases and
// fragments can make a short document ask for an exponential amount of work (introspection
// nests without end), and one request must not hold a shard for long.
inline constexpr std::size_t kMaxFields = 100000;

struct GraphqlRequest {
  std::string query;
  std::string operation_name;  // empty: the document's only operation
  boost::json::object variables;
};

// The outcome of a request: the response body, and whether it failed before execution
// (syntax, validation, variables), which GraphQL over HTTP answers with 400.
struct ExecutionResult {
  boost::json::object response;
  bool request_error = false;
};

class Executor;

// A running subscription: each event of its source stream becomes one response.
class Subscription {
 public:
  struct State;
  explicit Subscription(std::unique_ptr<State> state);
  ~Subscription();
  // The response for the next event; nullopt once the source stream has ended.
  boost::asio::awaitable<std::optional<boost::json::object>> next();

 private:
  std::unique_ptr<State> state_;
};

class Executor {
 public:
  explicit Executor(const Schema& schema) : schema_(schema) {}

  void resolve(const std::string& type, const std::string& field, Resolver resolver);
  void set_guard(FieldGuard guard) { guard_ = std::move(guard); }
  const Schema& schema() const { return schema_; }

  // Parses, validates and executes a query or mutation. A subscription is refused here.
  boost::asio::awaitable<ExecutionResult> execute(const GraphqlRequest& request,
                                                  RequestContext& context) const;

  // Starts a subscription: either the error response, or a subscription to read events from.
  boost::asio::awaitable<std::variant<ExecutionResult, std::unique_ptr<Subscription>>> subscribe(
      const GraphqlRequest& request, RequestContext& context) const;

  const Resolver* resolver(const std::string& type, const std::string& field) const;
  const FieldGuard& guard() const { return guard_; }

 private:
  const Schema& schema_;
  std::map<std::string, Resolver, std::less<>> resolvers_;
  FieldGuard guard_;
};

}  // namespace meerkat::graphql
