// SPDX-License-Identifier: Apache-2.0
// Reading a XEP-0313 query: the data form's filters (with, start, end, and the #extended
// before-id, after-id, ids; full-text-search as MongooseIM) and XEP-0059 paging (max, after,
// before, index) into a storage::MamQuery; and the archive ids, which grow with time.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "core/error/error.hpp"
#include "core/xml/element.hpp"
#include "storage/mam_store.hpp"

namespace meerkat::modules::mam {

// Ids are microseconds since 1970 shifted left 8 bits, plus a counter for messages within
// the same microsecond: unique, increasing, and a time filter is an id range.
class ArchiveIds {
 public:
  std::uint64_t next(std::chrono::system_clock::time_point now);

 private:
  std::atomic<std::uint64_t> last_{0};
};

std::uint64_t first_id_at(std::chrono::system_clock::time_point when);
std::chrono::system_clock::time_point time_of(std::uint64_t id);
std::string encode_id(std::uint64_t id);
std::optional<std::uint64_t> decode_id(std::string_view text);

struct QueryLimits {
  std::size_t default_limit = 50;
  std::size_t max_limit = 50;
  bool full_text_search = true;
};

struct ArchiveRequest {
  storage::MamQuery query;
  std::string query_id;  // echoed in every result
  bool flip_page = false;
};

// `query` is the <query xmlns='urn:xmpp:mam:2'/> of an IQ set. Errors are bad-request with a
// text naming the field, or item-not-found for an unreadable paging id.
Result<ArchiveRequest> parse_archive_request(const xml::Element& query, std::string user,
                                             std::string host, const QueryLimits& limits);

// The form a client gets for an IQ get: the fields it may filter on.
xml::Element query_form(bool full_text_search);

}  // namespace meerkat::modules::mam
