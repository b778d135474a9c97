// SPDX-License-Identifier: Apache-2.0
#include "modules/mam/mam_request.hpp"

#include <gtest/gtest.h>

#include "core/stanza/datetime.hpp"
#include "core/xml/element_parser.hpp"

namespace meerkat::modules::mam {
namespace {

using namespace std::chrono_literals;

xml::Element parse(std::string_view text) { return xml::parse_element(text).value(); }

Result<ArchiveRequest> request(std::string_view inner) {
  auto query = parse("<query xmlns='urn:xmpp:mam:2' queryid='q'>" + std::string(inner) +
                     "</query>");
  return parse_archive_request(query, "romeo", "localhost", QueryLimits{20, 50, true});
}

std::string form(std::string_view fields) {
  return "<x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE'><value>urn:xmpp:mam:2"
         "</value></field>" + std::string(fields) + "</x>";
}

TEST(ArchiveIds, GrowWithTimeAndNeverRepeat) {
  ArchiveIds ids;
  auto now = std::chrono::system_clock::now();
  auto a = ids.next(now);
  auto b = ids.next(now);  // the same microsecond
  auto c = ids.next(now - 1s);  // a clock step back still gives a larger id
  EXPECT_LT(a, b);
  EXPECT_LT(b, c);
  EXPECT_EQ(std::chrono::floor<std::chrono::microseconds>(time_of(a)),
            std::chrono::floor<std::chrono::microseconds>(now));
  EXPECT_EQ(decode_id(encode_id(a)), a);
  EXPECT_FALSE(decode_id("12ab"));
  EXPECT_FALSE(decode_id(""));
}

TEST(ArchiveRequest, DefaultsAndPaging) {
  auto plain = request("").value();
  EXPECT_EQ(plain.query_id, "q");
  EXPECT_EQ(plain.query.limit, 20u);
  EXPECT_EQ(plain.query.user, "romeo");
  auto paged = request("<set xmlns='http://jabber.org/protocol/rsm'><max>500</max>"
                       "<after>1000</after></set><flip-page/>").value();
  EXPECT_EQ(paged.query.limit, 50u);  // capped by max_result_limit
  EXPECT_EQ(paged.query.page_after, 1000u);
  EXPECT_TRUE(paged.flip_page);
  auto last = request("<set xmlns='http://jabber.org/protocol/rsm'><before/></set>").value();
  EXPECT_TRUE(last.query.from_end);
  EXPECT_EQ(last.query.page_before, UINT64_MAX);
  auto index = request("<set xmlns='http://jabber.org/protocol/rsm'><index>7</index></set>");
  EXPECT_EQ(index.value().query.offset, 7u);
}

TEST(ArchiveRequest, FormFieldsBecomeFilters) {
  auto parsed = request(form(
      "<field var='with'><value>juliet@example.com/balcony</value></field>"
      "<field var='start'><value>2026-01-01T00:00:00Z</value></field>"
      "<field var='end'><value>2026-01-02T00:00:00Z</value></field>"
      "<field var='full-text-search'><value>hello  world</value></field>"
      "<field var='ids'><value>5</value><value>9</value></field>")).value();
  EXPECT_EQ(parsed.query.with, "juliet@example.com");
  EXPECT_EQ(parsed.query.with_resource, "balcony");
  auto start = stanza::parse_datetime("2026-01-01T00:00:00Z").value();
  EXPECT_EQ(parsed.query.after, first_id_at(start) - 1);  // start is inclusive
  auto end = stanza::parse_datetime("2026-01-02T00:00:00Z").value();
  EXPECT_EQ(parsed.query.before, first_id_at(end + 1us));  // and so is end
  EXPECT_EQ(parsed.query.words, (std::vector<std::string>{"hello", "world"}));
  EXPECT_EQ(parsed.query.ids, (std::vector<std::uint64_t>{5, 9}));
}

TEST(ArchiveRequest, BadFieldsAreRefusedByName) {
  struct Case {
    std::string inner;
    Condition condition;
    std::string mention;
  };
  std::vector<Case> cases{
      {form("<field var='with'><value>@bad</value></field>"), Condition::kBadRequest, "with"},
      {form("<field var='start'><value>tomorrow</value></field>"), Condition::kBadRequest,
       "start"},
      {form("<field var='after-id'><value>x</value></field>"), Condition::kBadRequest,
       "after-id"},
      {form("<field var='colour'><value>red</value></field>"), Condition::kBadRequest, "colour"},
      {"<x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE'><value>urn:other</value>"
       "</field></x>",
       Condition::kBadRequest, "FORM_TYPE"},
      {"<x xmlns='jabber:x:data' type='form'/>", Condition::kBadRequest, "submit"},
      {"<set xmlns='http://jabber.org/protocol/rsm'><max>-1</max></set>", Condition::kBadRequest,
       "max"},
      {"<set xmlns='http://jabber.org/protocol/rsm'><before>nope</before></set>",
       Condition::kItemNotFound, "before"},
  };
  for (const auto& c : cases) {
    auto parsed = request(c.inner);
    ASSERT_FALSE(parsed) << c.inner;
    EXPECT_EQ(parsed.error().condition, c.condition) << c.inner;
    EXPECT_NE(parsed.error().text.find(c.mention), std::string::npos) << parsed.error().text;
  }
}

TEST(Datetime, ParsesXep0082AndFormatsUtc) {
  auto utc = stanza::parse_datetime("2026-11-22T12:00:00Z").value();
  EXPECT_EQ(stanza::parse_datetime("2026-11-22T13:30:00+01:30"), utc);
  EXPECT_EQ(stanza::parse_datetime("2026-11-22T12:00:00.5Z"), utc + 500ms);
  EXPECT_EQ(stanza::format_datetime(utc + 123456us), "2026-11-22T12:00:00.123456Z");
  for (auto bad : {"2026-11-22", "2026-11-22T12:00:00", "2026-13-01T00:00:00Z",
                   "2026-11-22T12:00:00.Z", "2026-11-22T12:00:00Zjunk", ""}) {
    EXPECT_FALSE(stanza::parse_datetime(bad)) << bad;
  }
}

}  // namespace
}  // namespace meerkat::modules::mam
