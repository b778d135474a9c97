// SPDX-License-Identifier: Apache-2.0
// One error vocabulary for the whole server, shaped like RFC 6120 §8.3 stanza errors,
// plus the Result<T> type that every fallible operation returns (STYLE.md "Errors").
#pragma once

#include <boost/system/result.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace meerkat {

// RFC 6120 §8.3.2: the error type says what the sender may do next.
enum class ErrorType { kAuth, kCancel, kContinue, kModify, kWait };

// RFC 6120 §8.3.3 defined conditions.
enum class Condition {
  kBadRequest,
  kConflict,
  kFeatureNotImplemented,
  kForbidden,
  kGone,
  kInternalServerError,
  kItemNotFound,
  kJidMalformed,
  kNotAcceptable,
  kNotAllowed,
  kNotAuthorized,
  kPolicyViolation,
  kRecipientUnavailable,
  kRedirect,
  kRegistrationRequired,
  kRemoteServerNotFound,
  kRemoteServerTimeout,
  kResourceConstraint,
  kServiceUnavailable,
  kSubscriptionRequired,
  kUndefinedCondition,
  kUnexpectedRequest,
};

std::string_view to_string(ErrorType type);
std::string_view to_string(Condition condition);

struct Error {
  ErrorType type = ErrorType::kCancel;
  Condition condition = Condition::kInternalServerError;
  std::string text;  // for humans; never secrets
  // RFC 6120 §8.3.4: an application-specific condition element, e.g. XEP-0060's
  // <precondition-not-met xmlns='http://jabber.org/protocol/pubsub#errors'/>. Empty: none.
  std::string app_condition = {};
  std::string app_namespace = {};
  // Its child elements (same namespace) with their text, e.g. XEP-0363's
  // <file-too-large><max-file-size>N</max-file-size></file-too-large>.
  std::vector<std::pair<std::string, std::string>> app_children = {};

  static Error bad_request(std::string text) {
    return {ErrorType::kModify, Condition::kBadRequest, std::move(text)};
  }
  static Error jid_malformed(std::string text) {
    return {ErrorType::kModify, Condition::kJidMalformed, std::move(text)};
  }
  static Error internal(std::string text) {
    return {ErrorType::kCancel, Condition::kInternalServerError, std::move(text)};
  }
};

template <class T>
using Result = boost::system::result<T, Error>;

// A broken invariant: a bug in Meerkat, never a consequence of input.
class InternalError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

// Found by argument-dependent lookup: what boost::system::result::value() throws on failure.
[[noreturn]] void throw_exception_from_error(const Error& e, const boost::source_location& loc);

}  // namespace meerkat

#define MEERKAT_CHECK(cond)                                                                      \
  do {                                                                                           \
    if (!(cond))                                                                                 \
      throw ::meerkat::InternalError(std::string("check failed: ") + #cond + " at " + __FILE__); \
  } while (false)
