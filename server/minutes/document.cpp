#include "minutes/document.hpp"

#include <boost/json/array.hpp>
#include <stdexcept>

namespace chibo::minutes {
namespace json = boost::json;

namespace {

constexpr std::pair<BlockKind, std::string_view> kBlockKinds[] = {
    {BlockKind::heading, "heading"}, {BlockKind::para, "para"},     {BlockKind::bullet, "bullet"},
    {BlockKind::quote, "quote"},     {BlockKind::center, "center"},
};

std::string str(const json::object& o, std::string_view key, const std::string& where) {
  const json::value* v = o.if_contains(key);
  if (!v) return {};
  if (!v->is_string()) throw std::invalid_argument(where + std::string(key) + ": not a string");
  return std::string(v->as_string());
}

const json::array& arr(const json::object& o, std::string_view key) {
  static const json::array empty;
  const json::value* v = o.if_contains(key);
  if (!v) return empty;
  if (!v->is_array()) throw std::invalid_argument(std::string(key) + ": not an array");
  return v->as_array();
}

const json::object& obj(const json::value& v, const std::string& where) {
  if (!v.is_object()) throw std::invalid_argument(where + ": not an object");
  return v.as_object();
}

}  // namespace

std::string_view to_string(BlockKind k) {
  for (auto [kind, name] : kBlockKinds)
    if (kind == k) return name;
  return "para";
}

std::optional<BlockKind> block_kind_from(std::string_view s) {
  for (auto [kind, name] : kBlockKinds)
    if (name == s) return kind;
  return std::nullopt;
}

json::object to_json(const Document& d) {
  json::array blocks;
  for (const auto& b : d.blocks) {
    json::object o{{"kind", to_string(b.kind)}, {"text", b.text}};
    if (!b.lead.empty()) o["lead"] = b.lead;
    blocks.push_back(std::move(o));
  }
  json::array sigs;
  for (const auto& s : d.signatures) sigs.push_back(json::object{{"role", s.role}, {"name", s.name}});
  return {{"header", json::object{{"superior", d.header.superior},
                                  {"unit", d.header.unit},
                                  {"number", d.header.number},
                                  {"party", d.header.party},
                                  {"place_date", d.header.place_date}}},
          {"title", d.title},
          {"subtitle", d.subtitle},
          {"blocks", std::move(blocks)},
          {"signatures", std::move(sigs)},
          {"footer", d.footer},
          {"file_stem", d.file_stem}};
}

Document document_from_json(const json::object& o) {
  Document d;
  if (const json::value* h = o.if_contains("header")) {
    const json::object& ho = obj(*h, "header");
    d.header.superior = str(ho, "superior", "header.");
    d.header.unit = str(ho, "unit", "header.");
    d.header.number = str(ho, "number", "header.");
    if (ho.contains("party")) d.header.party = str(ho, "party", "header.");
    d.header.place_date = str(ho, "place_date", "header.");
  }
  d.title = str(o, "title", "");
  d.subtitle = str(o, "subtitle", "");
  const auto& blocks = arr(o, "blocks");
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    const std::string at = "blocks." + std::to_string(i);
    const std::string where = at + ".";
    const json::object& bo = obj(blocks[i], at);
    Block b;
    auto kind = block_kind_from(str(bo, "kind", where));
    if (!kind) throw std::invalid_argument(where + "kind: unknown value");
    b.kind = *kind;
    b.lead = str(bo, "lead", where);
    b.text = str(bo, "text", where);
    d.blocks.push_back(std::move(b));
  }
  const auto& sigs = arr(o, "signatures");
  // The layout has two signing places: the chair's and the minute-taker's.
  if (sigs.size() > 2) throw std::invalid_argument("signatures: more than 2");
  for (std::size_t i = 0; i < sigs.size(); ++i) {
    const std::string at = "signatures." + std::to_string(i);
    const json::object& so = obj(sigs[i], at);
    d.signatures.push_back({str(so, "role", at + "."), str(so, "name", at + ".")});
  }
  d.footer = str(o, "footer", "");
  d.file_stem = str(o, "file_stem", "");
  return d;
}

}  // namespace chibo::minutes
