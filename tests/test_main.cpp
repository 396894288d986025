// The one test main, shared by both test programs (Boost.Test linked dynamically).
#define BOOST_TEST_MODULE minidl
#include <boost/test/unit_test.hpp>
