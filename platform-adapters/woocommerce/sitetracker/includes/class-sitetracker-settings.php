<?php
/**
 * The plugin's settings: WooCommerce → SiteTracker.
 *
 * @package SiteTracker
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Reads, validates and shows the settings, kept in one option, `sitetracker_settings`:
 * server URL, site key, site secret, and two choices (both off by default): send the
 * shopper's email with payment errors, and track shop staff on the storefront.
 */
class SiteTracker_Settings {

	const OPTION = 'sitetracker_settings';
	const PAGE   = 'sitetracker';

	const DEFAULTS = array(
		'server_url'          => '',
		'site_key'            => '',
		'site_secret'         => '',
		'payment_error_email' => false,
		'track_admins'        => false,
	);

	/**
	 * The settings, defaults filled in.
	 *
	 * @return array
	 */
	public function all() {
		$stored = get_option( self::OPTION, array() );
		return array_merge( self::DEFAULTS, is_array( $stored ) ? $stored : array() );
	}

	/**
	 * One setting.
	 *
	 * @param string $name A key of DEFAULTS.
	 * @return mixed
	 */
	public function get( $name ) {
		$all = $this->all();
		return $all[ $name ];
	}

	/**
	 * True once the server, the key and the secret are set.
	 *
	 * @return bool
	 */
	public function configured() {
		$all = $this->all();
		return '' !== $all['server_url'] && '' !== $all['site_key'] && '' !== $all['site_secret'];
	}

	/**
	 * The server's address without a trailing slash.
	 *
	 * @return string
	 */
	public function server() {
		return rtrim( (string) $this->get( 'server_url' ), '/' );
	}

	/**
	 * Registers the option and the page.
	 */
	public function register() {
		add_action( 'admin_init', array( $this, 'register_setting' ) );
		add_action( 'admin_menu', array( $this, 'add_page' ), 60 );
		// Shop managers may save it too (options.php asks for manage_options otherwise).
		add_filter(
			'option_page_capability_' . self::PAGE,
			function () {
				return 'manage_woocommerce';
			}
		);
	}

	/**
	 * The option, with its sanitizer.
	 */
	public function register_setting() {
		register_setting(
			self::PAGE,
			self::OPTION,
			array(
				'type'              => 'array',
				'sanitize_callback' => array( $this, 'sanitize' ),
				'default'           => self::DEFAULTS,
			)
		);
	}

	/**
	 * WooCommerce → SiteTracker.
	 */
	public function add_page() {
		add_submenu_page(
			'woocommerce',
			__( 'SiteTracker', 'sitetracker' ),
			__( 'SiteTracker', 'sitetracker' ),
			'manage_woocommerce',
			self::PAGE,
			array( $this, 'render' )
		);
	}

	/**
	 * Cleans what the form sent; an empty secret keeps the one saved.
	 *
	 * @param mixed $input The form's values.
	 * @return array
	 */
	public function sanitize( $input ) {
		$input   = is_array( $input ) ? $input : array();
		$current = $this->all();
		$clean   = self::DEFAULTS;

		$url = isset( $input['server_url'] ) ? esc_url_raw( trim( (string) $input['server_url'] ), array( 'http', 'https' ) ) : '';
		if ( '' !== $url && ! preg_match( '#^https?://[^/]+#', $url ) ) {
			$url = '';
		}
		if ( '' === $url && ! empty( $input['server_url'] ) ) {
			add_settings_error( self::OPTION, 'server_url', __( 'The server URL must start with https:// (or http://).', 'sitetracker' ) );
		}
		$clean['server_url'] = rtrim( $url, '/' );

		$key = isset( $input['site_key'] ) ? trim( (string) $input['site_key'] ) : '';
		if ( '' !== $key && ! preg_match( '/^[A-Za-z0-9]{1,32}$/', $key ) ) {
			add_settings_error( self::OPTION, 'site_key', __( 'The site key is letters and digits, as printed by "sitetracker sites add".', 'sitetracker' ) );
			$key = $current['site_key'];
		}
		$clean['site_key'] = $key;

		$secret = isset( $input['site_secret'] ) ? trim( (string) $input['site_secret'] ) : '';
		if ( '' !== $secret && ! preg_match( '/^[\x21-\x7e]{16,128}$/', $secret ) ) {
			add_settings_error( self::OPTION, 'site_secret', __( 'The site secret is 16 to 128 characters without spaces.', 'sitetracker' ) );
			$secret = '';
		}
		$clean['site_secret'] = '' !== $secret ? $secret : $current['site_secret'];

		$clean['payment_error_email'] = ! empty( $input['payment_error_email'] );
		$clean['track_admins']        = ! empty( $input['track_admins'] );
		return $clean;
	}

	/**
	 * The settings page.
	 */
	public function render() {
		if ( ! current_user_can( 'manage_woocommerce' ) ) {
			return;
		}
		$all  = $this->all();
		$name = self::OPTION;
		echo '<div class="wrap"><h1>' . esc_html__( 'SiteTracker', 'sitetracker' ) . '</h1>';
		echo '<p>' . esc_html__( 'Your store\'s live visitors, carts and sales in your SiteTracker. The key and the secret are printed by "sitetracker sites add" and shown on the site\'s page in SiteTracker.', 'sitetracker' ) . '</p>';
		echo '<form method="post" action="' . esc_url( admin_url( 'options.php' ) ) . '">';
		settings_fields( self::PAGE );
		echo '<table class="form-table" role="presentation">';
		$this->row( __( 'Server URL', 'sitetracker' ), '<input type="url" class="regular-text" name="' . esc_attr( $name ) . '[server_url]" value="' . esc_attr( $all['server_url'] ) . '" placeholder="https://track.example.com">' );
		$this->row( __( 'Site key', 'sitetracker' ), '<input type="text" class="regular-text code" name="' . esc_attr( $name ) . '[site_key]" value="' . esc_attr( $all['site_key'] ) . '" autocomplete="off">' );
		$placeholder = '' !== $all['site_secret'] ? __( 'saved (leave empty to keep it)', 'sitetracker' ) : '';
		$this->row( __( 'Site secret', 'sitetracker' ), '<input type="password" class="regular-text code" name="' . esc_attr( $name ) . '[site_secret]" value="" placeholder="' . esc_attr( $placeholder ) . '" autocomplete="new-password"><p class="description">' . esc_html__( 'Signs the admin overlay\'s tokens and the purchases this server reports. Never shown to shoppers.', 'sitetracker' ) . '</p>' );
		$this->row( __( 'Payment errors', 'sitetracker' ), '<label><input type="checkbox" name="' . esc_attr( $name ) . '[payment_error_email]" value="1"' . checked( $all['payment_error_email'], true, false ) . '> ' . esc_html__( 'Send the shopper\'s email with payment errors, so that someone can help them (only to the payment-error log).', 'sitetracker' ) . '</label>' );
		$this->row( __( 'Shop staff', 'sitetracker' ), '<label><input type="checkbox" name="' . esc_attr( $name ) . '[track_admins]" value="1"' . checked( $all['track_admins'], true, false ) . '> ' . esc_html__( 'Also track signed-in shop managers and administrators browsing the store.', 'sitetracker' ) . '</label>' );
		echo '</table>';
		submit_button();
		echo '</form></div>';
	}

	/**
	 * One row of the form; `$field` is already escaped HTML.
	 *
	 * @param string $label The row's label.
	 * @param string $field The field's HTML.
	 */
	private function row( $label, $field ) {
		echo '<tr><th scope="row">' . esc_html( $label ) . '</th><td>' . $field . '</td></tr>'; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- built from escaped parts.
	}
}
