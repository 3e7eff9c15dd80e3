// A meeting's agenda and the official templates it starts from (DOMAIN.md
// "Order of a regular meeting", after Hướng dẫn 12-HD/BTCTW).
#pragma once

#include <string>
#include <string_view>
#include <optional>
#include <vector>

#include "domain/types.hpp"

namespace chibo::domain {

enum class AgendaSection { opening, proceedings, closing };
std::string_view to_string(AgendaSection);
std::optional<AgendaSection> agenda_section_from(std::string_view);

struct AgendaItem {
  std::string id;       // stable within the meeting: "i1", "i2", …
  std::string title;    // Vietnamese, as the chair wrote it (user content)
  AgendaSection section = AgendaSection::proceedings;
  std::string key;      // template key ("roll_call") while the title is the template's; else empty
  bool thematic = false;  // a thematic part: the meeting's minimum becomes 120 minutes
  Id member = 0;          // annual review: the member this item reviews (0: none)
  friend bool operator==(const AgendaItem&, const AgendaItem&) = default;
};

// The official agenda for a meeting kind, items numbered i1, i2, … in order.
// Every template has the opening (reason and guests, minute-taker, roll call,
// approve the agenda) and the closing (minutes read back and approved, close).
std::vector<AgendaItem> agenda_template(MeetingKind kind);

// True when any item is a thematic part.
bool has_thematic_part(const std::vector<AgendaItem>& items);

}  // namespace chibo::domain
