<?php
/**
 * Plugin Name:       SiteTracker for WooCommerce
 * Description:       Real-time visitors of your store in your own SiteTracker: prints the storefront widget and the admin overlay, and reports carts, checkouts, payment errors and purchases.
 * Version:           0.1.0
 * Requires at least: 5.8
 * Requires PHP:      7.4
 * Author:            SiteTracker
 * License:           MIT
 * Text Domain:       sitetracker
 * WC requires at least: 6.0
 * WC tested up to:   9.4
 *
 * @package SiteTracker
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

define( 'SITETRACKER_VERSION', '0.1.0' );
define( 'SITETRACKER_DIR', __DIR__ );

require_once __DIR__ . '/includes/class-sitetracker-settings.php';
require_once __DIR__ . '/includes/class-sitetracker-token.php';
require_once __DIR__ . '/includes/class-sitetracker-visitor.php';
require_once __DIR__ . '/includes/class-sitetracker-client.php';
require_once __DIR__ . '/includes/class-sitetracker-tags.php';
require_once __DIR__ . '/includes/class-sitetracker-events.php';

/**
 * Wires the plugin's parts to WordPress and WooCommerce (on `plugins_loaded`).
 */
function sitetracker_boot() {
	if ( ! class_exists( 'WooCommerce' ) ) {
		add_action(
			'admin_notices',
			function () {
				echo '<div class="notice notice-warning"><p>' . esc_html__( 'SiteTracker for WooCommerce needs WooCommerce to be active.', 'sitetracker' ) . '</p></div>';
			}
		);
		return;
	}
	$settings = new SiteTracker_Settings();
	$settings->register();
	( new SiteTracker_Tags( $settings ) )->register();
	( new SiteTracker_Events( $settings, new SiteTracker_Client( $settings ) ) )->register();
}

add_action( 'plugins_loaded', 'sitetracker_boot' );

// WooCommerce's order storage (HPOS): this plugin reads orders only through its API.
add_action(
	'before_woocommerce_init',
	function () {
		if ( class_exists( '\Automattic\WooCommerce\Utilities\FeaturesUtil' ) ) {
			\Automattic\WooCommerce\Utilities\FeaturesUtil::declare_compatibility( 'custom_order_tables', __FILE__, true );
		}
	}
);
