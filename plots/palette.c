/* Okabe & Ito (2008), "Color Universal Design": eight colours distinguishable
 * by people with protanopia, deuteranopia and tritanopia. */
#include "plots/palette.h"

static const struct plot_rgb okabe_ito[PLOT_PALETTE_SIZE] = {
    {0.000, 0.447, 0.698}, /* blue */
    {0.835, 0.369, 0.000}, /* vermillion */
    {0.000, 0.620, 0.451}, /* bluish green */
    {0.800, 0.475, 0.655}, /* reddish purple */
    {0.902, 0.624, 0.000}, /* orange */
    {0.337, 0.706, 0.914}, /* sky blue */
    {0.941, 0.894, 0.259}, /* yellow */
    {0.000, 0.000, 0.000}, /* black */
};

struct plot_rgb plot_palette(int i)
{
    if (i < 0)
        i = -i;
    return okabe_ito[i % PLOT_PALETTE_SIZE];
}
