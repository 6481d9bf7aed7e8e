/**
 * The billing simulator as the app reaches it (local mode only): its hosted
 * Checkout and portal pages, their form posts, and staff redelivery. The
 * simulator itself lives in lib/local; pages and routes import it only
 * through this adapter, so the layer rule (lib/local behind lib/server) holds.
 */
export { cardFrom, cardProblemResponse, simulatorRequest } from "@/lib/local/billing-simulator/request";
export { checkoutView, portalView } from "@/lib/local/billing-simulator/views";
export { completeCheckout, setCancelAtPeriodEnd, updateCard } from "@/lib/local/billing-simulator/operations";
export { deliver, redeliver } from "@/lib/local/billing-simulator/delivery";
