// The time-stamp authority's short name shown on screen (scelle/store/tsa_name.h).
#include "scelle/store/tsa_name.h"

#include <gtest/gtest.h>

namespace scelle::core {
namespace {

TEST(TsaShortName, TheOrganisationElseTheCommonName) {
    EXPECT_EQ(tsa_short_name("CN=DigiCert Timestamp 2023,O=DigiCert\\, Inc.,C=US"),
              "DigiCert, Inc.");
    EXPECT_EQ(tsa_short_name("CN=Sectigo RSA Time Stamping Signer #4,O=Sectigo Limited,L=Salford,"
                             "ST=Greater Manchester,C=GB"),
              "Sectigo Limited");
    EXPECT_EQ(tsa_short_name("DirName:CN=www.freetsa.org,OU=TSA,O=Free TSA,L=Wuerzburg,C=DE"),
              "Free TSA");
    EXPECT_EQ(tsa_short_name("CN=Check Root CA TSA"), "Check Root CA TSA");
    EXPECT_EQ(tsa_short_name("CN=Horodatage \\C3\\89tat,C=FR"), "Horodatage État");
    EXPECT_EQ(tsa_short_name("CN=Horodatage État, O=Société Générale"), "Société Générale");
}

TEST(TsaShortName, WhatIsNotADistinguishedNameIsKept) {
    EXPECT_EQ(tsa_short_name("http://timestamp.digicert.com"), "http://timestamp.digicert.com");
    EXPECT_EQ(tsa_short_name("URI:http://127.0.0.1:8080/tsa"), "URI:http://127.0.0.1:8080/tsa");
    EXPECT_EQ(tsa_short_name("FreeTSA"), "FreeTSA");
    EXPECT_EQ(tsa_short_name(""), "");
    EXPECT_EQ(tsa_short_name("C=US,L=Nowhere"), "C=US,L=Nowhere");
}

}  // namespace
}  // namespace scelle::core
