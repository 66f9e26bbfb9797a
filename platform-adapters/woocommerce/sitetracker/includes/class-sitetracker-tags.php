<?php
/**
 * The widget's tag on the storefront, the overlay's in wp-admin.
 *
 * @package SiteTracker
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Prints the storefront widget (with the queue stub, so that calls made before it
 * loads wait for it) in every page's head, and the admin overlay, with a fresh admin
 * token, at the foot of every wp-admin page for users who manage WooCommerce.
 */
class SiteTracker_Tags {

	const STUB = 'window.sitetracker = window.sitetracker || function () { (sitetracker.q = sitetracker.q || []).push(arguments); };';

	/**
	 * The settings.
	 *
	 * @var SiteTracker_Settings
	 */
	private $settings;

	/**
	 * Constructor.
	 *
	 * @param SiteTracker_Settings $settings The settings.
	 */
	public function __construct( $settings ) {
		$this->settings = $settings;
	}

	/**
	 * Hooks the tags in.
	 */
	public function register() {
		add_action( 'wp_head', array( $this, 'print_widget' ), 1 );
		add_action( 'admin_footer', array( $this, 'print_overlay' ) );
	}

	/**
	 * True when this storefront request is tracked: configured, and the visitor is not
	 * shop staff (unless the settings say to track them too).
	 *
	 * @param SiteTracker_Settings $settings The settings.
	 * @return bool
	 */
	public static function tracked( $settings ) {
		return $settings->configured()
			&& ( $settings->get( 'track_admins' ) || ! current_user_can( 'manage_woocommerce' ) );
	}

	/**
	 * `<script async src="SERVER/widget.js" data-site="KEY">`, after the queue stub.
	 */
	public function print_widget() {
		if ( ! self::tracked( $this->settings ) ) {
			return;
		}
		echo '<script>' . self::STUB . "</script>\n"; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- a constant.
		printf(
			'<script async src="%s" data-site="%s"></script>' . "\n",
			esc_url( $this->settings->server() . '/widget.js' ),
			esc_attr( $this->settings->get( 'site_key' ) )
		);
	}

	/**
	 * `<script async src="SERVER/overlay.js" data-site="KEY" data-token="JWT">` for shop
	 * managers and administrators; the token names them by their login.
	 */
	public function print_overlay() {
		if ( ! $this->settings->configured() || ! current_user_can( 'manage_woocommerce' ) ) {
			return;
		}
		$user  = wp_get_current_user();
		$token = SiteTracker_Token::mint(
			$this->settings->get( 'site_secret' ),
			$this->settings->get( 'site_key' ),
			$user->user_login,
			'admin'
		);
		printf(
			'<script async src="%s" data-site="%s" data-token="%s"></script>' . "\n",
			esc_url( $this->settings->server() . '/overlay.js' ),
			esc_attr( $this->settings->get( 'site_key' ) ),
			esc_attr( $token )
		);
	}
}
