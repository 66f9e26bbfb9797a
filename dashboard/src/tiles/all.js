// Every tile module: importing one registers its tile type.
import "./live_users.js";
import "./engaged.js";
import "./peak.js";
import "./map.js";
import "./pages.js";
import "./stream.js";
import "./devices.js";
import "./visitors.js";
import "./platforms.js";
import "./sources.js";
import "./activity.js";
import "./shoppers.js";
// Commerce (server/sitetracker/commerce/): the snapshot's `commerce` part.
import "./funnel.js";
import "./carts.js";
import "./abandonment.js";
import "./events.js";
import "./page_types.js";
import "./rescues.js";
// Rollups read through the API: Web Vitals, products and site searches.
import "./vitals.js";
import "./products.js";
import "./searches.js";
