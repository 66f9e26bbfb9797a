<?php
/**
 * Events this server sends to SiteTracker.
 *
 * @package SiteTracker
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Posts events to `POST /api/collect`, signed with the site secret
 * (`X-SiteTracker-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<nonce>.<body>">`,
 * the timestamp and a new nonce in `X-SiteTracker-Timestamp` and `X-SiteTracker-Nonce`,
 * so a captured request cannot be replayed), without waiting for the answer: the
 * store's own work never waits on tracking.
 */
class SiteTracker_Client {

	const TIMEOUT = 2;

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
	 * The JSON body for one event of `$visitor`; `$user_agent`: the shopper's browser.
	 *
	 * @param string $visitor    The visitor id.
	 * @param array  $event      `{n, p}`.
	 * @param string $user_agent The shopper's User-Agent, or "".
	 * @return string
	 */
	public function body( $visitor, array $event, $user_agent = '' ) {
		$body = array(
			'k'  => (string) $this->settings->get( 'site_key' ),
			'v'  => (string) $visitor,
			'ev' => array( $event ),
		);
		if ( '' !== (string) $user_agent ) {
			$body['ua'] = substr( (string) $user_agent, 0, 512 );
		}
		return (string) wp_json_encode( $body, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE );
	}

	/**
	 * The signing headers for `$body`: a timestamp, a new nonce, and the signature
	 * over both and the body.
	 *
	 * @param string   $body The exact body sent.
	 * @param int|null $now  Unix seconds (null: now).
	 * @return array
	 */
	public function signed_headers( $body, $now = null ) {
		$timestamp = (string) ( null === $now ? time() : (int) $now );
		$nonce     = bin2hex( random_bytes( 16 ) );
		$signed    = $timestamp . '.' . $nonce . '.' . $body;
		return array(
			'X-SiteTracker-Timestamp' => $timestamp,
			'X-SiteTracker-Nonce'     => $nonce,
			'X-SiteTracker-Signature' => 'sha256=' . hash_hmac( 'sha256', $signed, (string) $this->settings->get( 'site_secret' ) ),
		);
	}

	/**
	 * Sends one event, without waiting for the answer.
	 *
	 * @param string $visitor    The visitor id.
	 * @param array  $event      `{n, p}`.
	 * @param string $user_agent The shopper's User-Agent, or "".
	 * @return bool False when the plugin is not configured.
	 */
	public function send( $visitor, array $event, $user_agent = '' ) {
		if ( ! $this->settings->configured() ) {
			return false;
		}
		$body = $this->body( $visitor, $event, $user_agent );
		wp_remote_post(
			$this->settings->server() . '/api/collect',
			array(
				'body'        => $body,
				'headers'     => array( 'Content-Type' => 'application/json' ) + $this->signed_headers( $body ),
				'timeout'     => self::TIMEOUT,
				'blocking'    => false,
				'data_format' => 'body',
			)
		);
		return true;
	}
}
