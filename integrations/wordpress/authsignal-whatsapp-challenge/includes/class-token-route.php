<?php
/**
 * The element's `token-url`: POST /wp-json/authsignal-whatsapp/v1/token tracks an action for
 * the signed-in user and answers `{ "token": "..." }`. WordPress's REST cookie check needs the
 * `_wpnonce` query argument (the element sends no custom headers), so a cross-site page
 * cannot get a token for the visitor. A second nonce, bound to the action code, admits only
 * the actions this site has shown the user (a shortcode or block rendered for them), not any
 * code a script makes up; and Token_Throttle limits the tokens per user and minute.
 *
 * @package AuthsignalWhatsApp
 */

namespace AuthsignalWhatsApp;

defined( 'ABSPATH' ) || exit;

/**
 * Registers and answers the route.
 */
final class Token_Route {

	public const NAMESPACE = 'authsignal-whatsapp/v1';
	public const ROUTE     = '/token';

	/** Query argument: the nonce bound to the action code. */
	public const ACTION_NONCE_ARG = 'authsignal_action_nonce';

	/** Hooks. */
	public static function register_hooks(): void {
		add_action( 'rest_api_init', array( self::class, 'register_route' ) );
	}

	/** Registers the route. */
	public static function register_route(): void {
		register_rest_route(
			self::NAMESPACE,
			self::ROUTE,
			array(
				'methods'             => 'POST',
				'callback'            => array( self::class, 'answer' ),
				'permission_callback' => static fn() => is_user_logged_in(),
				'args'                => array(
					'authsignal_action' => array(
						'type'              => 'string',
						'required'          => false,
						'validate_callback' => static fn( $value ) => null !== Validation::page_action_code( $value ),
					),
				),
			)
		);
	}

	/**
	 * The token-url for an action, nonce included.
	 *
	 * @param string $action Action code.
	 */
	public static function url( string $action ): string {
		return add_query_arg(
			array(
				'authsignal_action'    => rawurlencode( $action ),
				self::ACTION_NONCE_ARG => wp_create_nonce( self::nonce_action( $action ) ),
				'_wpnonce'             => wp_create_nonce( 'wp_rest' ),
			),
			rest_url( self::NAMESPACE . self::ROUTE )
		);
	}

	/**
	 * The nonce action of the token-url for an action code.
	 *
	 * @param string $action Action code.
	 */
	public static function nonce_action( string $action ): string {
		return 'authsignal_whatsapp_token:' . $action;
	}

	/**
	 * Tracks the action and answers the token.
	 *
	 * @param \WP_REST_Request $request The request.
	 * @return \WP_REST_Response|\WP_Error
	 */
	public static function answer( \WP_REST_Request $request ) {
		$user_id = get_current_user_id();
		$action  = Validation::page_action_code( $request->get_param( 'authsignal_action' ) ?? Settings::default_action() );
		$phone   = Phone_Field::get( $user_id );
		if ( null === $action ) {
			return new \WP_Error( 'authsignal_invalid_action', __( 'Unknown action.', 'authsignal-whatsapp-challenge' ), array( 'status' => 400 ) );
		}
		$action_nonce = $request->get_param( self::ACTION_NONCE_ARG );
		if ( ! is_string( $action_nonce ) || ! wp_verify_nonce( $action_nonce, self::nonce_action( $action ) ) ) {
			return new \WP_Error( 'authsignal_invalid_action', __( 'Unknown action.', 'authsignal-whatsapp-challenge' ), array( 'status' => 403 ) );
		}
		$wait = Token_Throttle::wait( $user_id );
		if ( $wait > 0 ) {
			$limited = new \WP_REST_Response( array( 'code' => 'authsignal_rate_limited' ), 429 );
			$limited->header( 'Retry-After', (string) $wait );
			return $limited;
		}
		if ( '' === $phone ) {
			return new \WP_Error( 'authsignal_no_phone', __( 'Add your WhatsApp number to your profile first.', 'authsignal-whatsapp-challenge' ), array( 'status' => 409 ) );
		}
		$tracked = Server_API::track(
			$user_id,
			$action,
			array(
				'phoneNumber' => $phone,
				'locale'      => Validation::language_tag( get_user_locale( $user_id ) ),
			)
		);
		if ( is_wp_error( $tracked ) ) {
			return new \WP_Error( 'authsignal_track_failed', __( 'Could not start the WhatsApp verification.', 'authsignal-whatsapp-challenge' ), array( 'status' => 502 ) );
		}
		Token_Throttle::record( $user_id );
		$response = new \WP_REST_Response( array( 'token' => $tracked['token'] ) );
		$response->header( 'Cache-Control', 'no-store' );
		return $response;
	}
}
