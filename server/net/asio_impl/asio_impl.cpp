// The single translation unit that compiles Boost.Asio and Boost.Beast
// (separate compilation: every other file includes their headers only).
// Beast and Asio take ~40 s per TU at -O2 on the build machine; doing it once
// keeps rebuilds of the rest fast.
#include <boost/asio/impl/src.hpp>
#include <boost/asio/ssl/impl/src.hpp>
#include <boost/beast/src.hpp>
