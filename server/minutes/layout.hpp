// The page geometry and type sizes all three renderers share, so the DOCX, the
// PDF and the HTML page look alike. Internal to chibo_minutes.
//
// Hướng dẫn 36-HD/VPTW (2018) on the form of Party documents: A4 paper;
// margins top 20-25 mm, bottom 20-25 mm, left 30-35 mm, right 15-20 mm (we take
// the smallest, as most cells do); Times New Roman, body 13-14 pt; the issuing
// body's name 13-14 pt; "ĐẢNG CỘNG SẢN VIỆT NAM" bold; the document's kind
// (BIÊN BẢN) bold 15-16 pt; its summary bold 14 pt.
#pragma once

namespace chibo::minutes::layout {

constexpr double kPageWidthMm = 210.0;
constexpr double kPageHeightMm = 297.0;
constexpr double kMarginTopMm = 20.0;
constexpr double kMarginBottomMm = 20.0;
constexpr double kMarginLeftMm = 30.0;
constexpr double kMarginRightMm = 15.0;
// The footer's baseline sits inside the bottom margin, this far from the edge.
constexpr double kFooterFromEdgeMm = 10.0;

// Left header column (issuing body) vs right (party name, place and date).
constexpr double kHeaderLeftFraction = 0.44;

constexpr double kBodyPt = 14.0;
constexpr double kHeaderPt = 13.0;   // superior, unit, number
constexpr double kPartyPt = 14.0;    // ĐẢNG CỘNG SẢN VIỆT NAM
constexpr double kDatePt = 14.0;     // place and date, italic
constexpr double kTitlePt = 16.0;    // BIÊN BẢN
constexpr double kSubtitlePt = 14.0;
constexpr double kFooterPt = 9.0;

constexpr double kFirstLineIndentMm = 10.0;  // paragraphs and "- " items
constexpr double kParaAfterPt = 3.0;          // space after each body paragraph
constexpr double kHeadingBeforePt = 6.0;
constexpr double kLineSpacing = 1.15;          // multiple of the font's line height
constexpr double kSignatureSpacePt = 70.0;     // the blank space to sign in

// Word measures in twentieths of a point (twips); 1 mm = 1440 / 25.4 twips.
constexpr int mm_to_twips(double mm) { return static_cast<int>(mm * 1440.0 / 25.4 + 0.5); }
constexpr double mm_to_pt(double mm) { return mm * 72.0 / 25.4; }
// OOXML font sizes are in half-points.
constexpr int half_points(double pt) { return static_cast<int>(pt * 2.0 + 0.5); }

}  // namespace chibo::minutes::layout
