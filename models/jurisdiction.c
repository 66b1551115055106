/* Where each catalog region keeps its data (the country of its metro in
 * models/data/regions.csv, ISO 3166-1 alpha-2), and the named sets a
 * population's data residency may be written as. */
#include "models/jurisdiction.h"

#include <stddef.h>
#include <string.h>

static const struct {
    const char *region, *country;
} countries[] = {
    {"us-east-1", "us"}, {"us-east-2", "us"}, {"us-west-1", "us"}, {"us-west-2", "us"},
    {"ca-central-1", "ca"}, {"sa-east-1", "br"}, {"eu-west-1", "ie"}, {"eu-west-2", "gb"},
    {"eu-central-1", "de"}, {"eu-north-1", "se"}, {"ap-south-1", "in"}, {"ap-southeast-1", "sg"},
    {"ap-northeast-1", "jp"}, {"ap-southeast-2", "au"}, {"us-east4", "us"}, {"us-east1", "us"},
    {"us-central1", "us"}, {"us-west1", "us"}, {"northamerica-northeast1", "ca"},
    {"southamerica-east1", "br"}, {"europe-west1", "be"}, {"europe-west2", "gb"},
    {"europe-west3", "de"}, {"asia-south1", "in"}, {"asia-southeast1", "sg"},
    {"asia-northeast1", "jp"}, {"australia-southeast1", "au"}, {"eastus", "us"}, {"eastus2", "us"},
    {"centralus", "us"}, {"westus2", "us"}, {"af-south-1", "za"}, {"ap-east-1", "hk"},
    {"ap-northeast-2", "kr"}, {"ap-northeast-3", "jp"}, {"eu-south-1", "it"}, {"eu-west-3", "fr"},
    {"me-south-1", "bh"}, {"ap-southeast-3", "id"}, {"ap-southeast-4", "au"}, {"ap-south-2", "in"},
    {"eu-central-2", "ch"}, {"eu-south-2", "es"}, {"me-central-1", "ae"}, {"il-central-1", "il"},
    {"ca-west-1", "ca"}, {"asia-east1", "tw"}, {"asia-east2", "hk"}, {"asia-northeast2", "jp"},
    {"asia-northeast3", "kr"}, {"asia-south2", "in"}, {"asia-southeast2", "id"},
    {"australia-southeast2", "au"}, {"europe-central2", "pl"}, {"europe-north1", "fi"},
    {"europe-west4", "nl"}, {"europe-west6", "ch"}, {"europe-west8", "it"}, {"europe-west9", "fr"},
    {"europe-west10", "de"}, {"europe-west12", "it"}, {"europe-southwest1", "es"},
    {"me-west1", "il"}, {"me-central1", "qa"}, {"africa-south1", "za"},
    {"northamerica-northeast2", "ca"}, {"southamerica-west1", "cl"}, {"us-west2", "us"},
    {"us-west3", "us"}, {"us-west4", "us"}, {"us-south1", "us"}, {"us-east5", "us"},
    {"australiacentral", "au"}, {"australiacentral2", "au"}, {"australiaeast", "au"},
    {"australiasoutheast", "au"}, {"austriaeast", "at"}, {"belgiumcentral", "be"},
    {"brazilsouth", "br"}, {"canadacentral", "ca"}, {"canadaeast", "ca"}, {"centralindia", "in"},
    {"denmarkeast", "dk"}, {"eastasia", "hk"}, {"francecentral", "fr"}, {"francesouth", "fr"},
    {"germanynorth", "de"}, {"germanywestcentral", "de"}, {"indonesiacentral", "id"},
    {"israelcentral", "il"}, {"italynorth", "it"}, {"japaneast", "jp"}, {"japanwest", "jp"},
    {"jioindiawest", "in"}, {"koreacentral", "kr"}, {"koreasouth", "kr"}, {"malaysiawest", "my"},
    {"mexicocentral", "mx"}, {"newzealandnorth", "nz"}, {"northcentralus", "us"},
    {"northeurope", "ie"}, {"norwayeast", "no"}, {"norwaywest", "no"}, {"polandcentral", "pl"},
    {"qatarcentral", "qa"}, {"southafricanorth", "za"}, {"southafricawest", "za"},
    {"southcentralus", "us"}, {"southindia", "in"}, {"southeastasia", "sg"},
    {"spaincentral", "es"}, {"swedencentral", "se"}, {"switzerlandnorth", "ch"},
    {"switzerlandwest", "ch"}, {"uaecentral", "ae"}, {"uaenorth", "ae"}, {"uksouth", "gb"},
    {"ukwest", "gb"}, {"westcentralus", "us"}, {"westeurope", "nl"}, {"westus", "us"},
    {"westus3", "us"},
};

/* The European Union's 27 member states (GDPR); the EEA adds Iceland,
 * Liechtenstein and Norway. */
static const char eu[] = "at be bg hr cy cz dk ee fi fr de gr hu ie it lv lt lu mt nl pl pt ro sk si es se";
static const char eea_extra[] = "is li no";

static bool in_list(const char *list, const char *country)
{
    size_t n = strlen(country);
    for (const char *p = list; (p = strstr(p, country)) != NULL; p += n)
        if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
            return true;
    return false;
}

const char *region_country(const char *region)
{
    for (size_t i = 0; i < sizeof countries / sizeof countries[0]; i++)
        if (strcmp(countries[i].region, region) == 0)
            return countries[i].country;
    return NULL;
}

bool jurisdiction_known(const char *set)
{
    if (strcmp(set, "eu") == 0 || strcmp(set, "eea") == 0)
        return true;
    for (size_t i = 0; i < sizeof countries / sizeof countries[0]; i++)
        if (strcmp(countries[i].country, set) == 0)
            return true;
    return false;
}

bool jurisdiction_contains(const char *set, const char *country)
{
    if (!country)
        return false;
    if (strcmp(set, "eu") == 0)
        return in_list(eu, country);
    if (strcmp(set, "eea") == 0)
        return in_list(eu, country) || in_list(eea_extra, country);
    return strcmp(set, country) == 0;
}
