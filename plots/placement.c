/* Label placement (see placement.h). Invariant: a spot returned by
 * plot_place_label lies inside the bounds and touches no obstacle given. */
#include "plots/placement.h"

#include <assert.h>
#include <math.h>

void plot_obstacle_rect(struct plot_obstacles *o, struct plot_rect r)
{
    assert(o->n_rect < PLOT_MAX_OBSTACLES);
    if (o->n_rect < PLOT_MAX_OBSTACLES)
        o->rect[o->n_rect++] = r;
}

void plot_obstacle_seg(struct plot_obstacles *o, double x0, double y0, double x1, double y1)
{
    assert(o->n_seg < PLOT_MAX_OBSTACLES);
    if (o->n_seg < PLOT_MAX_OBSTACLES)
        o->seg[o->n_seg++] = (struct plot_seg){x0, y0, x1, y1};
}

bool plot_rects_overlap(const struct plot_rect *a, const struct plot_rect *b)
{
    return a->x0 <= b->x1 && b->x0 <= a->x1 && a->y0 <= b->y1 && b->y0 <= a->y1;
}

/* Liang-Barsky: clip the segment's parameter range [0, 1] to each of the
 * box's four half-planes; it hits the box when something is left. */
bool plot_rect_hits_seg(const struct plot_rect *r, const struct plot_seg *s)
{
    double dx = s->x1 - s->x0, dy = s->y1 - s->y0;
    const double p[4] = {-dx, dx, -dy, dy};
    const double q[4] = {s->x0 - r->x0, r->x1 - s->x0, s->y0 - r->y0, r->y1 - s->y0};
    double t0 = 0, t1 = 1;
    for (int k = 0; k < 4; k++) {
        if (p[k] == 0) {
            if (q[k] < 0)
                return false; /* parallel to this edge and outside it */
            continue;
        }
        double t = q[k] / p[k];
        if (p[k] < 0)
            t0 = fmax(t0, t);
        else
            t1 = fmin(t1, t);
        if (t0 > t1)
            return false;
    }
    return true;
}

bool plot_box_is_free(const struct plot_obstacles *o, const struct plot_rect *box, double pad)
{
    struct plot_rect g = {box->x0 - pad, box->y0 - pad, box->x1 + pad, box->y1 + pad};
    for (int i = 0; i < o->n_rect; i++)
        if (plot_rects_overlap(&g, &o->rect[i]))
            return false;
    for (int i = 0; i < o->n_seg; i++)
        if (plot_rect_hits_seg(&g, &o->seg[i]))
            return false;
    return true;
}

/* Whether the leader s crosses an obstacle box other than one holding (x, y). */
static bool leader_is_free(const struct plot_obstacles *o, const struct plot_seg *s, double x,
                           double y)
{
    for (int i = 0; i < o->n_rect; i++) {
        const struct plot_rect *b = &o->rect[i];
        bool own = b->x0 <= x && x <= b->x1 && b->y0 <= y && y <= b->y1;
        if (!own && plot_rect_hits_seg(b, s))
            return false;
    }
    return true;
}

/* Candidate k (0..7) at distance d from (x, y): direction and box. */
static struct plot_rect candidate(int k, double x, double y, double d, double w, double h)
{
    /* direction (corners d off in both axes, so a corner box clears a
     * marker of radius < d) and the box's alignment on it (0 left/top .. 1
     * right/bottom) */
    static const double dir[8][4] = {{1, 0, 0, 0.5},  {-1, 0, 1, 0.5}, {1, -1, 0, 1},
                                     {1, 1, 0, 0},    {-1, -1, 1, 1},  {-1, 1, 1, 0},
                                     {0, -1, 0.5, 1}, {0, 1, 0.5, 0}};
    double ax = x + dir[k][0] * d, ay = y + dir[k][1] * d;
    double x0 = ax - dir[k][2] * w, y0 = ay - dir[k][3] * h;
    return (struct plot_rect){x0, y0, x0 + w, y0 + h};
}

bool plot_place_label(const struct plot_obstacles *o, const struct plot_rect *bounds, double x,
                      double y, double r, double w, double h, double pad, int rings,
                      struct plot_spot *out)
{
    const double ring[PLOT_LABEL_RINGS] = {r + 3, r + 3 + 2 * h, r + 3 + 4.5 * h};
    for (int g = rings <= 0 ? -rings : 0;
         g < PLOT_LABEL_RINGS && g < (rings <= 0 ? -rings + 1 : rings); g++)
        for (int k = 0; k < 8; k++) {
            /* a horizontal or vertical leader would read as a whisker */
            if (g > 0 && (k < 2 || k > 5))
                continue;
            struct plot_rect b = candidate(k, x, y, ring[g], w, h);
            if (b.x0 < bounds->x0 || b.x1 > bounds->x1 || b.y0 < bounds->y0 || b.y1 > bounds->y1)
                continue;
            if (!plot_box_is_free(o, &b, pad))
                continue;
            struct plot_spot s = {.box = b, .leader = g > 0};
            if (s.leader) {
                /* from the point's edge towards the box's nearest point */
                double nx = fmin(fmax(x, b.x0), b.x1), ny = fmin(fmax(y, b.y0), b.y1);
                double len = hypot(nx - x, ny - y);
                s.lx0 = x + (nx - x) / len * r;
                s.ly0 = y + (ny - y) / len * r;
                s.lx1 = nx;
                s.ly1 = ny;
                struct plot_seg l = {s.lx0, s.ly0, s.lx1, s.ly1};
                if (!leader_is_free(o, &l, x, y))
                    continue;
            }
            *out = s;
            return true;
        }
    return false;
}
